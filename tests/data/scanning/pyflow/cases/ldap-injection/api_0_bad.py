from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import ldap
from ldap.filter import escape_filter_chars

app = Flask(__name__)


@app.route('/ldap-injection-api-0', methods=['GET', 'POST'])
def ldap_injection_api_0():
    param = request.headers.get("X-Custom", "")
    import ldap3
    conn = ldap3.Connection(ldap3.Server('ldap://localhost'))
    conn.search('dc=example,dc=com', f'(&(objectClass=person)(cn={param}))')
    return str(conn.entries)
