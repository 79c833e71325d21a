import defusedxml.sax


def parse_feed(stream, handler):
    defusedxml.sax.parse(stream, handler)
