from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import ldap
from ldap.filter import escape_filter_chars

app = Flask(__name__)


@app.route('/ldap-injection-if_arith', methods=['GET', 'POST'])
def ldap_injection_if_arith():
    param = request.headers.get("X-Custom", "")
    num = 86
    if (7 * 42) - num > 200:
        bar = 'safe_value'
    else:
        bar = param
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
