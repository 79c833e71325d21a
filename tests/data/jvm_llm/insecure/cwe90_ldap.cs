public SearchResult FindUser(string username)
{
    DirectoryEntry entry = new DirectoryEntry("LDAP://dc=example,dc=com");
    DirectorySearcher searcher = new DirectorySearcher(entry);
    searcher.Filter = "(&(objectClass=user)(sAMAccountName=" + username + "))";
    return searcher.FindOne();
}
