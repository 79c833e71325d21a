from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import ldap
from ldap.filter import escape_filter_chars

app = Flask(__name__)


@app.route('/ldap-injection-base64', methods=['GET', 'POST'])
def ldap_injection_base64():
    values = request.args.getlist("item")
    param = values[0] if values else ""
    encoded = base64.b64encode(str(param).encode('utf-8'))
    bar = base64.b64decode(encoded).decode('utf-8')
    conn = ldap.initialize('ldap://localhost')
    found = conn.search_s('dc=example,dc=com', ldap.SCOPE_SUBTREE, '(uid=' + bar + ')')
    return str(len(found))


def pass_through(value):
    return value


def constant_of(value):
    return "constant"


class Relay:
    def forward(self, value):
        return value

    def fixed(self, value):
        return "fixed"


class Fixed:
    def forward(self, value):
        return "fixed"
