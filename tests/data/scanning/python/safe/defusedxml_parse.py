from defusedxml import ElementTree


def parse_invoice(xml_bytes):
    root = ElementTree.fromstring(xml_bytes)
    return {
        "number": root.findtext("number"),
        "total": float(root.findtext("total")),
    }
