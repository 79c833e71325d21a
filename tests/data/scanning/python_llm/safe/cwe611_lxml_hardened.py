from lxml import etree


def load_invoice(xml_bytes: bytes):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(xml_bytes, parser)
