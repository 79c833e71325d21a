public boolean userExists(DirContext ctx, String username) throws NamingException {
    SearchControls controls = new SearchControls();
    controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
    String filter = "(&(objectClass=person)(uid=" + username + "))";
    NamingEnumeration<SearchResult> results = ctx.search("ou=users,dc=example,dc=com", filter, controls);
    return results.hasMore();
}
