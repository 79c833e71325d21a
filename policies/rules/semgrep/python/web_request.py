import logging
import re

from flask import Flask, Response, make_response, request
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
csrf = CSRFProtect(app)
log = logging.getLogger(__name__)


@app.route("/login", methods=["POST"])
def login():
    user = request.form["username"]
    # ruleid: python.log-injection
    logging.info("Login attempt for " + user)
    # ruleid: python.log-injection
    app.logger.warning(f"Failed login for {user}")
    # ruleid: python.log-injection
    log.error("bad password for %s", user)
    # ok: python.log-injection
    logging.info("Login attempt for %s", user.replace("\r", "").replace("\n", ""))
    # ok: python.log-injection
    log.info("Login attempt for %r", repr(user))
    # ok: python.log-injection
    logging.info("Login attempt")
    # ok: python.log-injection
    log.debug("name length %d", len(user))
    # ok: python.log-injection
    log.info("Login attempt for %s", _clean(user))
    return "ok"


@app.route("/download")
def download():
    name = request.args["name"]
    resp = make_response("data")
    # ruleid: python.header-injection
    resp.headers["Content-Disposition"] = "attachment; filename=" + name
    # ruleid: python.header-injection
    resp.headers.add("X-Requested", request.args["v"])
    # ok: python.header-injection
    resp.headers["X-Safe"] = name.replace("\r", "").replace("\n", "")
    # ok: python.header-injection
    resp.headers["Cache-Control"] = "no-store"
    return resp


@app.route("/lang")
def lang():
    # ruleid: python.header-injection
    return Response("ok", headers={"Content-Language": request.args["lang"]})


@app.route("/lang-listed")
def lang_listed():
    code = request.args.get("lang", "en")
    if code not in ("en", "de"):
        return "unknown", 400
    # ok: python.header-injection
    return Response("ok", headers={"Content-Language": code})


def configure(app):
    # ruleid: python.flask-csrf-disabled
    app.config["WTF_CSRF_ENABLED"] = False
    # ok: python.flask-csrf-disabled
    app.config["WTF_CSRF_ENABLED"] = True
    # ok: python.flask-csrf-disabled
    app.config["WTF_CSRF_TIME_LIMIT"] = 3600


class TestingConfig:
    DEBUG = False
    # ruleid: python.flask-csrf-disabled
    WTF_CSRF_ENABLED = False


# ruleid: python.flask-csrf-disabled
@csrf.exempt
def transfer():
    return "sent"


def search(pattern, text):
    # ok: python.log-injection
    logging.debug("searching")
    return re.search(pattern, text)


@app.route("/divide")
def divide():
    import traceback

    try:
        return str(1 / int(request.args["n"]))
    except ZeroDivisionError as exc:
        # ruleid: python.exception-exposed
        return f"error: {exc}", 500
    except ValueError as exc:
        # ruleid: python.exception-exposed
        return {"error": str(exc)}, 400
    except Exception:
        # ruleid: python.exception-exposed
        return traceback.format_exc(), 500


@app.route("/divide-safe")
def divide_safe():
    try:
        return str(1 / int(request.args["n"]))
    except Exception as exc:
        log.exception("divide failed: %s", exc)
        # ok: python.exception-exposed
        return "internal error", 500


def helper(n):
    try:
        return 1 / n
    except ZeroDivisionError as exc:
        # ok: python.exception-exposed
        return str(exc)


@app.route("/profile", methods=["POST"])
def update_profile():
    user = current_user()
    # ruleid: python.mass-assignment
    for key, value in request.json.items():
        setattr(user, key, value)
    body = request.get_json()
    # ruleid: python.mass-assignment
    for key, value in body.items():
        setattr(user, key, value)
    # ruleid: python.mass-assignment
    created = User(**request.get_json())
    # ok: python.mass-assignment
    for key in ("email", "bio"):
        setattr(user, key, body.get(key))
    # ok: python.mass-assignment
    return jsonify(**request.args) if created else ""


ALLOWED_EXTENSIONS = {"png", "jpg"}


@app.route("/upload", methods=["POST"])
def upload():
    import os

    if "file" not in request.files:
        return "no file", 400
    upload = request.files["file"]
    # ruleid: python.unrestricted-upload
    upload.save(os.path.join("uploads", upload.filename))
    return "ok"


@app.route("/upload-checked", methods=["POST"])
def upload_checked():
    import os

    from werkzeug.utils import secure_filename

    upload = request.files["file"]
    name = secure_filename(upload.filename)
    if "." not in name or name.rsplit(".", 1)[1].lower() not in ALLOWED_EXTENSIONS:
        return "bad type", 400
    # ok: python.unrestricted-upload
    upload.save(os.path.join("uploads", name))
    return "ok"


@app.route("/upload-helper", methods=["POST"])
def upload_helper():
    upload = request.files.get("file")
    if upload and allowed_file(upload.filename):
        # ok: python.unrestricted-upload
        upload.save("uploads/" + upload.filename)
    return "ok"


# ---- exception text as a FastAPI error detail, the environment returned, setattr from the JSON body ----
import os

from fastapi import FastAPI, HTTPException

api = FastAPI()


@api.get("/items/{item_id}")
def read_item(item_id: int):
    try:
        return {"item": lookup(item_id)}
    except Exception as e:
        # ruleid: python.exception-exposed
        raise HTTPException(status_code=500, detail=str(e))


@api.get("/items2/{item_id}")
def read_item_generic(item_id: int):
    try:
        return {"item": lookup(item_id)}
    except KeyError:
        # ok: python.exception-exposed
        raise HTTPException(status_code=404, detail="not found")


@app.route("/debug/env")
def show_env():
    # ruleid: python.environment-exposed
    return {"env": dict(os.environ)}


@app.route("/version")
def version():
    # ok: python.environment-exposed
    return {"version": os.environ.get("APP_VERSION", "dev")}


@app.route("/profile2/<int:uid>", methods=["PATCH"])
def patch_profile(uid):
    user = load(uid)
    # ruleid: python.mass-assignment
    for key, value in request.get_json().items():
        setattr(user, key, value)
    return "ok"


EDITABLE = {"display_name", "bio"}


@app.route("/profile3/<int:uid>", methods=["PATCH"])
def patch_profile_allowed(uid):
    user = load(uid)
    # ok: python.mass-assignment
    for key, value in request.get_json().items():
        if key in EDITABLE:
            setattr(user, key, value)
    return "ok"


def _clean(value):
    return value.replace("\r", "").replace("\n", "")


@api.get("/search")
def search(q: str, page: int = 0):
    # ruleid: python.log-injection
    log.info(f"search query: {q}")
    # ok: python.log-injection
    log.info("search page %d", page)
    return {"results": []}


# ---- python.unrestricted-upload-fastapi ----
import shutil

from fastapi import UploadFile

ALLOWED_TYPES = {"image/png": ".png"}


@api.post("/upload")
async def upload_any(file: UploadFile):
    # ruleid: python.unrestricted-upload-fastapi
    with open(f"uploads/{file.filename}", "wb") as out:
        shutil.copyfileobj(file.file, out)
    return {"filename": file.filename}


@api.post("/upload-checked")
async def upload_checked(file: UploadFile):
    if file.content_type not in ALLOWED_TYPES:
        return {"error": "type"}
    # ok: python.unrestricted-upload-fastapi
    with open(f"uploads/{file.filename}", "wb") as out:
        shutil.copyfileobj(file.file, out)
    return {"filename": file.filename}


@api.post("/upload-read")
async def upload_read(file: UploadFile):
    # ok: python.unrestricted-upload-fastapi
    with open(f"uploads/{file.filename}") as existing:
        return {"same": existing.read() == (await file.read()).decode()}


def pyramid_setup(config):
    from pyramid.view import view_config

    # ruleid: python.pyramid-csrf-check-disabled
    config.set_default_csrf_options(require_csrf=False)
    # ruleid: python.pyramid-csrf-check-disabled
    config.set_default_csrf_options(require_csrf=True, check_origin=False)
    # ok: python.pyramid-csrf-check-disabled
    config.set_default_csrf_options(require_csrf=True)

    # ruleid: python.pyramid-csrf-check-disabled
    @view_config(route_name="transfer", request_method="POST", require_csrf=False)
    def transfer(request):
        return {}

    @view_config(
        route_name="upload",
        request_method="POST",
        # ruleid: python.pyramid-csrf-check-disabled
        require_csrf=False,
    )
    def upload(request):
        return {}

    # ok: python.pyramid-csrf-check-disabled
    @view_config(route_name="profile", request_method="POST", require_csrf=True)
    def profile(request):
        return {}

    return transfer, upload, profile


def configure(app):
    app.config.update(
        SECRET_KEY_FILE="/run/secrets/flask",
        # ruleid: python.flask-csrf-disabled
        WTF_CSRF_ENABLED=False,
    )
    # ruleid: python.flask-csrf-disabled
    app.config.from_mapping(WTF_CSRF_ENABLED=False)
    # ok: python.flask-csrf-disabled
    app.config.update(WTF_CSRF_ENABLED=True, WTF_CSRF_TIME_LIMIT=3600)
    # ok: python.flask-csrf-disabled
    app.config.update(TESTING=True, WTF_CSRF_ENABLED=False)
