import json
import pickle
import xml.sax

import torch
import yaml
from lxml import etree


def load_session(blob):
    # ruleid: python.insecure-deserialization
    return pickle.loads(blob)


def load_cache(path):
    with open(path, "rb") as fh:
        # ruleid: python.insecure-deserialization
        return pickle.load(fh)


def load_session_json(blob):
    # ok: python.insecure-deserialization
    return json.loads(blob)


def load_constants():
    # ok: python.insecure-deserialization
    fixed = pickle.loads(b"\x80\x04K\x01.")
    # ok: python.insecure-deserialization
    shipped = pickle.load(open("./data/list.dat", "rb"))
    return fixed, shipped


def save_cache(path, obj):
    with open(path, "wb") as fh:
        # ok: python.insecure-deserialization
        pickle.dump(obj, fh)


def read_config(text):
    # ruleid: python.yaml-unsafe-load
    return yaml.load(text, Loader=yaml.Loader)


def read_config_old(text):
    # ruleid: python.yaml-unsafe-load
    return yaml.load(text)


def read_config_unsafe(text):
    # ruleid: python.yaml-unsafe-load
    return yaml.unsafe_load(text)


def read_config_safe(text):
    # ok: python.yaml-unsafe-load
    return yaml.safe_load(text)


def read_config_safe_loader(text):
    # ok: python.yaml-unsafe-load
    return yaml.load(text, Loader=yaml.SafeLoader)


def load_ruamel_round_trip(path):
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    with open(path, encoding="utf-8") as handle:
        # ok: python.yaml-unsafe-load
        return yaml.load(handle)


def load_ruamel_default(text):
    from ruamel.yaml import YAML

    yaml = YAML()
    # ok: python.yaml-unsafe-load
    return yaml.load(text)


def load_ruamel_unsafe(text):
    from ruamel.yaml import YAML

    # ruleid: python.yaml-unsafe-load
    loader = YAML(typ="unsafe", pure=True)
    return loader.load(text)


def load_model(path):
    # ruleid: python.torch-load-unsafe
    state = torch.load(path, weights_only=False)
    # ok: python.torch-load-unsafe
    state = torch.load(path, weights_only=True)
    return state


def parse_invoice(data):
    # ruleid: python.xxe
    parser = etree.XMLParser(resolve_entities=True)
    return etree.fromstring(data, parser)


def parse_invoice_safe(data):
    # ok: python.xxe
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(data, parser)


def parse_feed(stream, handler):
    parser = xml.sax.make_parser()
    # ruleid: python.xxe
    parser.setFeature(xml.sax.handler.feature_external_ges, True)
    # ok: python.xxe
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setContentHandler(handler)
    parser.parse(stream)


def parse_upload(request):
    # ruleid: python.xxe-lxml-untrusted
    doc = etree.fromstring(request.data)
    # ok: python.xxe-lxml-untrusted
    safe = etree.fromstring(request.data, etree.XMLParser(resolve_entities=False, no_network=True))
    # ok: python.xxe-lxml-untrusted
    local = etree.parse("config.xml")
    return doc, safe, local


def load_signed(request):
    import hmac

    data = request.data
    expected = hmac.new(KEY, data, "sha256").hexdigest()
    if not hmac.compare_digest(request.headers.get("X-Signature", ""), expected):
        raise PermissionError("bad signature")
    # ok: python.insecure-deserialization
    return pickle.loads(data)


def load_unsigned(request):
    # ruleid: python.insecure-deserialization
    return pickle.loads(request.data)
