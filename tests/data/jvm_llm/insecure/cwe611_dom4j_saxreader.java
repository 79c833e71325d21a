public Document parse(InputStream in) throws DocumentException {
    SAXReader reader = new SAXReader();
    return reader.read(in);
}
