from lxml import etree


def load_invoice(xml_bytes: bytes):
    parser = etree.XMLParser(resolve_entities=True, no_network=False)
    return etree.fromstring(xml_bytes, parser)
