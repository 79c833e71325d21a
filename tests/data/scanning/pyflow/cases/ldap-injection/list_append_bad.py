from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import ldap
from ldap.filter import escape_filter_chars

app = Flask(__name__)


@app.route('/ldap-injection-list_append', methods=['GET', 'POST'])
def ldap_injection_list_append():
    param = request.form.get("comment", "")
    items = []
    items.append('safe_value')
    items.append(param)
    items.append('safe_value')
    items.remove(items[0])
    bar = items[0]
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
