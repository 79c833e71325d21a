public boolean login(Document doc, String user, String pass) throws Exception {
    XPath xpath = XPathFactory.newInstance().newXPath();
    String expr = "/users/user[name='" + user + "' and password='" + pass + "']";
    NodeList nodes = (NodeList) xpath.evaluate(expr, doc, XPathConstants.NODESET);
    return nodes.getLength() > 0;
}
