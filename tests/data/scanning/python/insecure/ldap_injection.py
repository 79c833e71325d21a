import ldap
from flask import Flask, request

app = Flask(__name__)


@app.route("/directory")
def directory_lookup():
    username = request.args["username"]
    conn = ldap.initialize("ldap://ldap.corp.local")
    conn.simple_bind_s("cn=reader,dc=corp,dc=local", READER_PASSWORD)
    results = conn.search_s("ou=people,dc=corp,dc=local", ldap.SCOPE_SUBTREE, f"(uid={username})")
    return {"count": len(results)}
