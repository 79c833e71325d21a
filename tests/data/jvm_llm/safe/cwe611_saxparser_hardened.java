public void parseOrders(InputStream in, DefaultHandler handler) throws Exception {
    SAXParserFactory spf = SAXParserFactory.newInstance();
    spf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    spf.setFeature("http://xml.org/sax/features/external-general-entities", false);
    SAXParser parser = spf.newSAXParser();
    parser.parse(in, handler);
}
