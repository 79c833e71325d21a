public NamingEnumeration<SearchResult> findUser(DirContext ctx, String username) throws NamingException {
    String filter = "(uid=" + username + ")";
    SearchControls controls = new SearchControls();
    controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
    return ctx.search("ou=people,dc=example,dc=com", filter, controls);
}
