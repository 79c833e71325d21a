public Object fromXml(String xml) {
    XStream xstream = new XStream();
    return xstream.fromXML(xml);
}
