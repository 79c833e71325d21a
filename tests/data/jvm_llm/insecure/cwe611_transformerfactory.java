public String transform(String xml, String xslt) throws Exception {
    TransformerFactory factory = TransformerFactory.newInstance();
    Transformer transformer = factory.newTransformer(new StreamSource(new StringReader(xslt)));
    StringWriter out = new StringWriter();
    transformer.transform(new StreamSource(new StringReader(xml)), new StreamResult(out));
    return out.toString();
}
