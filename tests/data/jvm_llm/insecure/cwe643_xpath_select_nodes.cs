public XmlNodeList FindBooks(XmlDocument doc, string author)
{
    return doc.SelectNodes("//book[author='" + author + "']");
}
