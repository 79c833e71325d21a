public bool Authenticate(XmlDocument doc, string user, string pass)
{
    string query = "//users/user[name='" + user + "' and password='" + pass + "']";
    XmlNode node = doc.SelectSingleNode(query);
    return node != null;
}
