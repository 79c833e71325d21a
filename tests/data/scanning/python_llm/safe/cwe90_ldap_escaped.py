import ldap
from ldap.filter import escape_filter_chars
from flask import Flask, request

app = Flask(__name__)


@app.route("/lookup")
def lookup():
    uid = escape_filter_chars(request.args["uid"])
    conn = ldap.initialize("ldaps://ldap.example.com")
    results = conn.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, f"(uid={uid})")
    return {"count": len(results)}
