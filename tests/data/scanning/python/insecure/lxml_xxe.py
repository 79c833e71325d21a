from lxml import etree


def parse_invoice(xml_bytes):
    parser = etree.XMLParser(resolve_entities=True, load_dtd=True)
    root = etree.fromstring(xml_bytes, parser)
    return {
        "number": root.findtext("number"),
        "total": float(root.findtext("total")),
    }
