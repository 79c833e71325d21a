import javax.script.*;
import java.io.*;
import java.sql.*;
import java.util.*;
import javax.naming.directory.*;
import javax.servlet.http.*;
import javax.xml.xpath.*;
import org.apache.velocity.app.Velocity;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.*;

public class InjectionExamples extends HttpServlet {
    private Connection conn;
    private JdbcTemplate jdbcTemplate;

    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String name = request.getParameter("name");
        Statement stmt = conn.createStatement();
        // ruleid: java.sql-injection, java.sql-string-built
        ResultSet rs = stmt.executeQuery("SELECT * FROM users WHERE name = '" + name + "'");
        PreparedStatement ps = conn.prepareStatement("SELECT * FROM users WHERE name = ?");
        ps.setString(1, name);
        // ok: java.sql-injection, java.sql-string-built
        ResultSet rs2 = ps.executeQuery();
        int id = Integer.parseInt(request.getParameter("id"));
        // ruleid: java.sql-string-built
        stmt.executeQuery("SELECT * FROM users WHERE id = " + id);
        String table = request.getParameter("table");
        // ruleid: java.sql-injection, java.sql-string-built
        stmt.executeQuery(String.format("SELECT * FROM %s", table));
        String byName = String.format("SELECT * FROM users WHERE name = '%s'", table);
        // ruleid: java.sql-injection, java.sql-string-built
        stmt.executeQuery(byName);
        // ok: java.sql-string-built
        stmt.executeQuery(String.format("SELECT * FROM %s", TABLE_NAME));
    }

    public List<Map<String, Object>> byEmail(String email) {
        String sql = "SELECT * FROM users WHERE email = '" + email + "'";
        // ruleid: java.sql-string-built
        return jdbcTemplate.queryForList(sql);
    }

    public List<Map<String, Object>> byEmailSafe(String email) {
        // ok: java.sql-string-built
        return jdbcTemplate.queryForList("SELECT * FROM users WHERE email = ?", email);
    }

    public void convert(String file) throws IOException {
        // ruleid: java.command-injection
        Runtime.getRuntime().exec("convert " + file + " out.png");
        // ruleid: java.command-injection
        new ProcessBuilder("sh", "-c", "gzip " + file).start();
        String cmd = "tar czf /backups/out.tgz " + file;
        // ruleid: java.command-injection
        Runtime.getRuntime().exec(cmd);
        // ok: java.command-injection
        new ProcessBuilder("gzip", file).start();
        // ok: java.command-injection
        new ProcessBuilder("sh", "-c", "ls -la /tmp").start();
    }

    // A hard-coded value in place of input (the look-alike of the method below): the folded text is constant.
    public void constantValues(Statement stmt) throws Exception {
        String data;
        data = "foo";
        // ok: java.sql-string-built
        stmt.execute("UPDATE users SET status = 'x' WHERE name = '" + data + "'");
        String query = "SELECT * FROM users WHERE name = '" + data + "'";
        // ok: java.sql-string-built
        stmt.executeQuery(query);
        String prefix;
        if (System.getProperty("os.name").startsWith("Windows")) {
            prefix = "cmd.exe /c dir ";
        } else {
            prefix = "/bin/ls ";
        }
        // ok: java.command-injection
        Runtime.getRuntime().exec(prefix + data);
    }

    public void variableValues(Statement stmt, String data) throws Exception {
        // ruleid: java.sql-string-built
        stmt.execute("UPDATE users SET status = 'x' WHERE name = '" + data + "'");
        String query = "SELECT * FROM users WHERE name = '" + data + "'";
        // ruleid: java.sql-string-built
        stmt.executeQuery(query);
        String prefix = "/bin/ls ";
        // ruleid: java.command-injection
        Runtime.getRuntime().exec(prefix + data);
        String env = System.getenv("DIR");
        // ruleid: java.command-injection
        Runtime.getRuntime().exec(prefix + env);
    }

    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String host = request.getParameter("host");
        // ruleid: java.command-injection-taint, java.command-injection
        Process p = Runtime.getRuntime().exec("ping -c 1 " + host);
        // ok: java.command-injection-taint
        Process p2 = new ProcessBuilder("ping", "-c", "1", "localhost").start();
    }

    // A fragment whose request parameter lost its declaration: the variable name still says servlet request.
    void fragment() throws Exception {
        String target = request.getParameter("target");
        // ruleid: java.command-injection-taint, java.command-injection
        Runtime.getRuntime().exec("nslookup " + target);
        String other = config.getParameter("target");
        // ok: java.command-injection-taint
        Runtime.getRuntime().exec(new String[] {"nslookup", other});
    }

    public void ldapLookup(HttpServletRequest request, DirContext ctx) throws Exception {
        String user = request.getParameter("user");
        SearchControls sc = new SearchControls();
        // ruleid: java.ldap-injection
        ctx.search("ou=people,dc=example,dc=com", "(uid=" + user + ")", sc);
        // ok: java.ldap-injection
        ctx.search("ou=people,dc=example,dc=com", "(uid={0})", new Object[] {user}, sc);
    }

    public Object xpathLookup(HttpServletRequest request, org.w3c.dom.Document doc) throws Exception {
        XPath xpath = XPathFactory.newInstance().newXPath();
        String name = request.getParameter("name");
        // ruleid: java.xpath-injection
        Object a = xpath.evaluate("//user[@name='" + name + "']", doc, XPathConstants.NODESET);
        // ok: java.xpath-injection
        Object b = xpath.evaluate("//user", doc, XPathConstants.NODESET);
        return a == null ? b : a;
    }

    public String render(String userTemplate, org.apache.velocity.VelocityContext ctx) {
        StringWriter w = new StringWriter();
        // ruleid: java.template-injection
        Velocity.evaluate(ctx, w, "user", userTemplate);
        // ok: java.template-injection
        Velocity.evaluate(ctx, w, "fixed", "Hello $name");
        return w.toString();
    }

    public Object spel(String expr) {
        // ruleid: java.template-injection
        return new SpelExpressionParser().parseExpression(expr).getValue();
    }
}

@RestController
class UserController {
    private JdbcTemplate jdbcTemplate;

    @GetMapping("/users")
    public List<Map<String, Object>> search(@RequestParam String name) {
        // ruleid: java.sql-injection, java.sql-string-built
        return jdbcTemplate.queryForList("SELECT * FROM users WHERE name = '" + name + "'");
    }

    @GetMapping("/users/{id}")
    public Map<String, Object> get(@PathVariable("id") long id) {
        // ruleid: java.sql-string-built
        return jdbcTemplate.queryForMap("SELECT * FROM users WHERE id = " + id);
    }
}

class ScriptEngineExamples {
    public Object calculate(String expression) throws ScriptException {
        ScriptEngine engine = new ScriptEngineManager().getEngineByName("JavaScript");
        // ruleid: java.script-engine-eval
        return engine.eval(expression);
    }

    public Object fixedScript() throws ScriptException {
        ScriptEngine engine = new ScriptEngineManager().getEngineByName("JavaScript");
        // ok: java.script-engine-eval
        return engine.eval("1 + 2");
    }
}

class StringBuilderQueries {
    public List<String> search(Connection connection, String name, String order) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT name FROM products WHERE name LIKE '%");
        sql.append(name).append("%' ORDER BY ").append(order);
        Statement st = connection.createStatement();
        // ruleid: java.sql-stringbuilder-built
        ResultSet rs = st.executeQuery(sql.toString());
        return new ArrayList<>();
    }

    public int deleteAll(Connection connection, List<Integer> ids) throws SQLException {
        StringBuilder sql = new StringBuilder("DELETE FROM items WHERE id IN (");
        for (int i = 0; i < ids.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(")");
        PreparedStatement ps = connection.prepareStatement(sql.toString());
        // ok: java.sql-stringbuilder-built
        return ps.executeUpdate();
    }

    public void fixed(Connection connection) throws SQLException {
        StringBuilder sql = new StringBuilder();
        sql.append("SELECT * FROM ").append("users");
        // ok: java.sql-stringbuilder-built
        connection.createStatement().executeQuery(sql.toString());
    }
}

class DynamicFilters {
    ResultSet search(Connection conn, String category) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM products WHERE 1=1");
        if (category != null) {
            sql.append(" AND category = '").append(category).append("'");
        }
        // ruleid: java.sql-stringbuilder-built
        return conn.createStatement().executeQuery(sql.toString());
    }

    ResultSet searchBound(Connection conn, String category) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM products WHERE 1=1");
        if (category != null) {
            sql.append(" AND category = ?");
        }
        // ok: java.sql-stringbuilder-built
        return conn.createStatement().executeQuery(sql.toString());
    }

    // An IN list of ? placeholders (one per value, bound below) is parameterized SQL.
    public void inListPlaceholders(List<Long> ids, int n) throws Exception {
        String placeholders = String.join(",", Collections.nCopies(ids.size(), "?"));
        String sql = "SELECT id, name FROM users WHERE id IN (" + placeholders + ")";
        // ok: java.sql-string-built
        PreparedStatement ps = conn.prepareStatement(sql);
        for (int i = 0; i < ids.size(); i++) ps.setLong(i + 1, ids.get(i));
        ps.executeQuery();
        String marks = "?,".repeat(n - 1) + "?";
        // ok: java.sql-string-built
        conn.prepareStatement("DELETE FROM users WHERE id IN (" + marks + ")");
        // ok: java.sql-string-built
        conn.prepareStatement("SELECT id FROM users WHERE id IN (" + String.join(",", Collections.nCopies(n, "?")) + ")");
        // the vulnerable twin: the values themselves joined into the text
        String values = String.join(",", ids.stream().map(String::valueOf).toList());
        String unsafe = "SELECT id, name FROM users WHERE id IN (" + values + ")";
        // ruleid: java.sql-string-built
        conn.createStatement().executeQuery(unsafe);
    }
}
