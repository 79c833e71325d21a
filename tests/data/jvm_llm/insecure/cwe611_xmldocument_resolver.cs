public XmlDocument Load(string xml)
{
    XmlDocument doc = new XmlDocument();
    doc.XmlResolver = new XmlUrlResolver();
    doc.LoadXml(xml);
    return doc;
}
