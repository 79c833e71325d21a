import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.directory.*;

public class Directory {
    private static final String BASE_FILTER = "(objectClass=person)";

    public NamingEnumeration<SearchResult> find(DirContext ctx, String user, int uid, SearchControls sc) throws Exception {
        // ruleid: java.ldap-filter-concatenated
        ctx.search("ou=people,dc=example,dc=com", "(uid=" + user + ")", sc);
        // ruleid: java.ldap-filter-concatenated
        String filter = "(&(objectClass=person)(cn=" + user + "))";
        // ok: java.ldap-filter-concatenated
        ctx.search("ou=people,dc=example,dc=com", "(uid={0})", new Object[]{user}, sc);
        // ok: java.ldap-filter-concatenated
        String byNumber = "(uidNumber=" + uid + ")";
        // ok: java.ldap-filter-concatenated
        String escaped = "(uid=" + LdapEncoder.filterEncode(user) + ")";
        // ok: java.ldap-filter-concatenated
        String message = "lookup failed for " + user;
        // ok: java.ldap-filter-concatenated
        String combined = "(&" + BASE_FILTER + ")";
        return ctx.search("dc=example,dc=com", filter, sc);
    }

    public DirContext connect(String url) throws Exception {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.PROVIDER_URL, url);
        // ruleid: java.ldap-anonymous-bind
        env.put(Context.SECURITY_AUTHENTICATION, "none");
        // ok: java.ldap-anonymous-bind
        env.put(Context.SECURITY_AUTHENTICATION, "simple");
        return new InitialDirContext(env);
    }

    public void controls(DirContext ctx, String[] attrs) throws Exception {
        // ruleid: java.ldap-returning-objects
        SearchControls objects = new SearchControls(SearchControls.SUBTREE_SCOPE, 0, 0, attrs, true, false);
        // ok: java.ldap-returning-objects
        SearchControls plain = new SearchControls(SearchControls.SUBTREE_SCOPE, 0, 0, attrs, false, false);
        SearchControls later = new SearchControls();
        // ruleid: java.ldap-returning-objects
        later.setReturningObjFlag(true);
        // ok: java.ldap-returning-objects
        plain.setReturningObjFlag(false);
    }
}
