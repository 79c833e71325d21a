public boolean userExists(DirContext ctx, String username) throws NamingException {
    SearchControls controls = new SearchControls();
    controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
    NamingEnumeration<SearchResult> results = ctx.search("ou=users,dc=example,dc=com",
            "(&(objectClass=person)(uid={0}))", new Object[]{username}, controls);
    return results.hasMore();
}
