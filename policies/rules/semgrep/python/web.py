import os
import re
import tarfile
from pathlib import Path
from urllib.parse import urlparse

import requests
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from flask import Flask, abort, redirect, request, send_file, send_from_directory, url_for
from flask_cors import CORS
from markupsafe import Markup, escape
from werkzeug.utils import secure_filename

app = Flask(__name__)
api = FastAPI()
UPLOAD_DIR = "/srv/uploads"
ALLOWED_HOSTS = {"api.example.com"}
ALLOWED_REDIRECTS = {"/", "/home", "/account"}


@app.route("/download")
def download():
    name = request.args.get("file")
    # ruleid: python.path-traversal
    return send_file(os.path.join(UPLOAD_DIR, name))


@app.route("/download-safe")
def download_safe():
    name = secure_filename(request.args.get("file", ""))
    # ok: python.path-traversal
    return send_file(os.path.join(UPLOAD_DIR, name))


@app.route("/files/<path:filename>")
def read_file(filename):
    # ruleid: python.path-traversal
    with open(UPLOAD_DIR + "/" + filename) as fh:
        return fh.read()


@app.route("/static-file/<path:filename>")
def static_file(filename):
    # ok: python.path-traversal
    return send_from_directory(UPLOAD_DIR, filename)


@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["doc"]
    target = Path(UPLOAD_DIR) / f.filename
    # ruleid: python.path-traversal
    f.save(target)
    return "ok"


@app.route("/upload-checked", methods=["POST"])
def upload_checked():
    f = request.files["doc"]
    target = (Path(UPLOAD_DIR) / f.filename).resolve()
    if not target.is_relative_to(Path(UPLOAD_DIR).resolve()):
        return "bad path", 400
    # ok: python.path-traversal
    f.save(target)
    return "ok"


def unpack(archive, dest):
    with tarfile.open(archive) as tar:
        # ruleid: python.tarfile-extract-traversal
        tar.extractall(dest)


def unpack_safe(archive, dest):
    with tarfile.open(archive) as tar:
        # ok: python.tarfile-extract-traversal
        tar.extractall(dest, filter="data")


@app.route("/fetch")
def fetch():
    url = request.args["url"]
    # ruleid: python.ssrf
    resp = requests.get(url, timeout=5)
    return resp.text


@app.route("/user-info")
def user_info():
    user_id = request.args["id"]
    # ok: python.ssrf
    # ruleid: python.partial-ssrf
    resp = requests.get(f"https://api.example.com/users/{user_id}", timeout=5)
    return resp.text


@app.route("/user-info-checked")
def user_info_checked():
    user_id = request.args["id"]
    if not user_id.isalnum():
        abort(400)
    # ok: python.ssrf, python.partial-ssrf
    first = requests.get(f"https://api.example.com/users/{user_id}", timeout=5)
    # ok: python.ssrf, python.partial-ssrf
    second = requests.get("https://api.example.com/orders/" + str(int(request.args["order"])), timeout=5)
    # ok: python.ssrf, python.partial-ssrf
    third = requests.get("https://api.example.com/search", params={"q": request.args["q"]}, timeout=5)
    return first.text + second.text + third.text


@app.route("/proxy-parsed")
def proxy_parsed():
    url = request.args["url"]
    parsed = urlparse(url)
    if parsed.scheme != "https" or parsed.hostname not in ALLOWED_HOSTS:
        abort(400)
    # ok: python.ssrf
    return requests.get(url, timeout=5).text


@app.route("/admin/users/<user_id>/delete", methods=["POST"])
def delete_user(user_id):
    # ok: python.ssrf
    db.session.delete(User.query.get_or_404(user_id))
    # ruleid: python.ssrf
    return http_session.delete(user_id).text


@app.route("/proxy-netloc")
def proxy_netloc():
    url = request.args["url"]
    if urlparse(url).netloc not in ALLOWED_HOSTS:
        return "forbidden", 403
    # ok: python.ssrf
    return requests.get(url, timeout=5).text


@app.route("/proxy")
def proxy():
    url = request.args["url"]
    host = urlparse(url).hostname
    if host not in ALLOWED_HOSTS:
        return "forbidden", 403
    # ok: python.ssrf
    return requests.get(url, timeout=5).text


@api.get("/preview")
async def preview(link: str):
    # ruleid: python.ssrf
    return requests.post(link, timeout=3).status_code


@app.route("/login")
def login():
    nxt = request.args.get("next", "/")
    # ruleid: python.open-redirect
    return redirect(nxt)


@app.route("/logout")
def logout():
    # ok: python.open-redirect
    return redirect(url_for("index"))


def django_login(request):
    nxt = request.GET.get("next", "/")
    if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        # ok: python.open-redirect
        return HttpResponseRedirect(nxt)
    # ok: python.open-redirect
    return HttpResponseRedirect("/")


def django_logout(request):
    target = request.GET.get("return_to", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    # ok: python.open-redirect
    return HttpResponseRedirect(target)


def django_logout_unchecked(request):
    target = request.GET.get("return_to", "/")
    if not target:
        target = "/"
    # ruleid: python.open-redirect
    return HttpResponseRedirect(target)


def django_go(request):
    # ruleid: python.open-redirect
    return HttpResponseRedirect(request.GET["to"])


def render_bio(user):
    # ruleid: python.xss-markup
    return mark_safe("<p>" + user.bio + "</p>")


def render_name(name):
    # ruleid: python.xss-markup
    return Markup(f"<b>{name}</b>")


def render_name_safe(name):
    # ok: python.xss-markup
    return Markup("<b>%s</b>") % escape(name)


if __name__ == "__main__":
    # ruleid: python.flask-debug-enabled
    app.run(host="0.0.0.0", port=5000, debug=True)
    # ok: python.flask-debug-enabled
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")

# ruleid: python.cors-wildcard-credentials
CORS(app, origins="*", supports_credentials=True)
# ok: python.cors-wildcard-credentials
CORS(app, origins=["https://app.example.com"], supports_credentials=True)
# ruleid: python.cors-wildcard-credentials
api.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"])
# ok: python.cors-wildcard-credentials
api.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"])


@app.after_request
def add_cors(resp):
    # ruleid: python.cors-wildcard-credentials
    resp.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin", "*")
    resp.headers["Access-Control-Allow-Credentials"] = "true"
    return resp


def make_env():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    # ruleid: python.jinja2-autoescape-disabled
    unsafe = Environment(loader=FileSystemLoader("templates"), autoescape=False)
    # ok: python.jinja2-autoescape-disabled
    safe = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape(["html"]))
    return unsafe, safe


import django.views.decorators.csrf
from django.views.decorators import csrf
from django.views.decorators.csrf import csrf_exempt, csrf_protect


# ruleid: python.django-csrf-exempt
@csrf_exempt
def transfer(request):
    return do_transfer(request.POST["to"], request.POST["amount"])


# ok: python.django-csrf-exempt
def transfer_protected(request):
    return do_transfer(request.POST["to"], request.POST["amount"])


# The decorator written out in full is the same exemption.
# ruleid: python.django-csrf-exempt
@django.views.decorators.csrf.csrf_exempt
def transfer_full_path(request):
    return do_transfer(request.POST["to"], request.POST["amount"])


# ruleid: python.django-csrf-exempt
@csrf.csrf_exempt
def transfer_module_path(request):
    return do_transfer(request.POST["to"], request.POST["amount"])


# ok: python.django-csrf-exempt
@csrf_protect
def transfer_protected_explicitly(request):
    return do_transfer(request.POST["to"], request.POST["amount"])


NOTICES = {"saved": "Saved."}


@app.route("/notice")
def notice():
    # ok: python.ssrf
    return NOTICES.get(request.args.get("done", ""), "")


@app.route("/static/<path:name>")
def static_asset(name):
    path = (Path(UPLOAD_DIR) / name.lstrip("/")).resolve()
    if not path.is_relative_to(Path(UPLOAD_DIR).resolve()) or not path.is_file():
        return "not found", 404
    # ok: python.path-traversal
    return path.read_bytes()


@app.route("/report")
def report():
    name = request.args.get("name", "")
    if ".." in name or name.startswith("/"):
        abort(400)
    # ok: python.path-traversal
    return send_file(os.path.join(UPLOAD_DIR, name))


@app.route("/report-validated")
def report_validated():
    name = request.args.get("name", "")
    if not is_valid_report_name(name):
        return "bad name", 400
    # ok: python.path-traversal
    return send_file(os.path.join(UPLOAD_DIR, name))


@app.route("/report-unguarded")
def report_unguarded():
    name = request.args.get("name", "")
    if ".." in name:
        app.logger.warning("suspicious name")
    # ruleid: python.path-traversal
    return send_file(os.path.join(UPLOAD_DIR, name))


@app.route("/go")
def go():
    target = request.args.get("next", "/")
    if urlparse(target).netloc and urlparse(target).netloc not in ALLOWED_HOSTS:
        return redirect("/")
    # ok: python.open-redirect
    return redirect(target)


@app.route("/go-parsed")
def go_parsed():
    target = request.args.get("next", "/")
    parsed = urlparse(target)
    if parsed.netloc and parsed.netloc != request.host:
        abort(400)
    # ok: python.open-redirect
    return redirect(target)


@app.route("/go-allowed")
def go_allowed():
    target = request.args.get("next", "/")
    if target not in ALLOWED_REDIRECTS:
        return redirect("/")
    # ok: python.open-redirect
    return redirect(target)


@app.route("/go-unguarded")
def go_unguarded():
    target = request.args.get("next", "/")
    parsed = urlparse(target)
    app.logger.info("redirecting to %s", parsed.netloc)
    # ruleid: python.open-redirect
    return redirect(target)


@app.route("/report-pattern")
def report_pattern():
    name = request.args.get("name", "")
    if not re.fullmatch(r"[\w-]+\.pdf", name):
        abort(404)
    # ok: python.path-traversal
    return send_file(os.path.join(UPLOAD_DIR, name))


@app.route("/report-logged")
def report_logged():
    name = request.args.get("name", "")
    if not is_valid_report_name(name):
        app.logger.info("odd name")
    # ruleid: python.path-traversal
    return send_file(os.path.join(UPLOAD_DIR, name))


BASE_DIR = "/srv/files"


@app.route("/resolved")
def read_resolved():
    name = request.args.get("name", "")
    full = os.path.realpath(os.path.join(BASE_DIR, name))
    # ruleid: python.path-traversal
    return open(full).read()


@app.route("/resolved-checked")
def read_resolved_checked():
    name = request.args.get("name", "")
    full = os.path.realpath(os.path.join(BASE_DIR, name))
    if not full.startswith(BASE_DIR + os.sep):
        abort(400)
    # ok: python.path-traversal
    return open(full).read()


def unzip_upload(path, dest):
    import zipfile

    with zipfile.ZipFile(path) as archive:
        # ruleid: python.zipfile-extract-unchecked
        archive.extractall(dest)


def unzip_checked(path, dest):
    import zipfile

    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            target = os.path.realpath(os.path.join(dest, name))
            if not target.startswith(os.path.realpath(dest) + os.sep):
                raise ValueError("unsafe member " + name)
        # ok: python.zipfile-extract-unchecked
        archive.extractall(dest)


@app.route("/back")
def go_back():
    target = request.args.get("next", "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    # ok: python.open-redirect
    return redirect(target)


@app.route("/away")
def go_away():
    domain = request.args.get("domain", "")
    # ruleid: python.open-redirect
    return redirect("https://" + domain + "/welcome")


@app.route("/login-next")
def login_next():
    target = request.args.get("next", "/")
    if not is_safe_url(target):
        return abort(400)
    # ok: python.open-redirect
    return redirect(target)


def untar_checked(path, dest):
    with tarfile.open(path) as tar:
        for member in tar.getmembers():
            target = os.path.realpath(os.path.join(dest, member.name))
            if not target.startswith(os.path.realpath(dest) + os.sep):
                raise ValueError("unsafe member")
        # ok: python.tarfile-extract-traversal
        tar.extractall(dest)


def untar_any(path, dest):
    with tarfile.open(path) as tar:
        # ruleid: python.tarfile-extract-traversal
        tar.extractall(dest)



# ---- python.path-traversal: a constant table's value ----
ALLOWED_TYPES = {"image/png": ".png", "image/jpeg": ".jpg"}


@app.route("/store", methods=["POST"])
def store():
    import uuid

    upload = request.files["file"]
    suffix = ALLOWED_TYPES.get(upload.content_type)
    if suffix is None:
        abort(415)
    # ok: python.path-traversal
    with open(f"uploads/{uuid.uuid4().hex}{suffix}", "wb") as out:
        out.write(upload.read())
    # ruleid: python.path-traversal
    with open(f"uploads/{upload.filename}", "wb") as out:
        out.write(upload.read())
    return "ok"


# ---- redirect after a parsed-host allow-list; SSRF after a host-anchored regex ----
IMAGE_URL = re.compile(r"^https://(images|cdn)\.example\.com/[\w/.-]+$")


@app.route("/out-checked")
def out_checked():
    target_url = request.args.get("url", "")
    parsed = urlparse(target_url)
    if parsed.scheme in ("http", "https") and parsed.hostname in ALLOWED_HOSTS:
        # ok: python.open-redirect
        return redirect(target_url)
    abort(400)


@app.route("/thumb")
def thumb():
    image_url = request.args["src"]
    if not IMAGE_URL.match(image_url):
        abort(400)
    # ok: python.ssrf
    return requests.get(image_url, timeout=5).content


@app.route("/thumb-loose")
def thumb_loose():
    image_url = request.args["src"]
    if not re.match(r"^https://", image_url):
        abort(400)
    # ruleid: python.ssrf
    return requests.get(image_url, timeout=5).content
