from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import ldap
from ldap.filter import escape_filter_chars

app = Flask(__name__)


@app.route('/ldap-injection-safe-api', methods=['GET', 'POST'])
def ldap_injection_safe_api():
    param = request.args.get("name", "")
    conn = ldap.initialize('ldap://localhost')
    found = conn.search_s('dc=example,dc=com', ldap.SCOPE_SUBTREE, '(uid=' + escape_filter_chars(param) + ')')
    return str(len(found))
