import java.io.*;
import java.net.*;
import java.nio.file.*;
import java.util.*;
import java.util.regex.Pattern;
import java.util.zip.*;
import javax.crypto.*;
import javax.crypto.spec.*;
import javax.naming.directory.*;
import javax.script.*;
import javax.servlet.http.*;
import javax.xml.xpath.*;
import java.sql.ResultSet;
import org.owasp.encoder.Encode;
import org.springframework.web.client.RestTemplate;

public class UntrustedInputExamples {
    private static final String BASE_DIR = "/var/www/uploads/";
    private static final Set<String> ALLOWED_HOSTS = Set.of("api.example.com");
    private static final Set<String> PLUGINS = Set.of("com.example.CsvExport");

    // --- path traversal from a method argument ---

    public byte[] readUpload(String fileName) throws IOException {
        File file = new File(BASE_DIR + fileName);
        // ruleid: java.path-traversal-untrusted
        return Files.readAllBytes(file.toPath());
    }

    public String readUserFile(String filename) throws IOException {
        Path path = Paths.get("/home/app/data", filename);
        // ruleid: java.path-traversal-untrusted
        return new String(Files.readAllBytes(path));
    }

    public InputStream open(String name) throws IOException {
        // ruleid: java.path-traversal-untrusted
        return new FileInputStream(BASE_DIR + name);
    }

    public byte[] readChecked(String fileName) throws IOException {
        Path base = Paths.get(BASE_DIR).toAbsolutePath().normalize();
        Path file = base.resolve(fileName).normalize();
        if (!file.startsWith(base)) {
            throw new SecurityException("outside the upload folder");
        }
        // ok: java.path-traversal-untrusted
        return Files.readAllBytes(file);
    }

    public byte[] readNameOnly(String fileName) throws IOException {
        Path file = Paths.get(BASE_DIR).resolve(Paths.get(fileName).getFileName());
        // ok: java.path-traversal-untrusted
        return Files.readAllBytes(file);
    }

    public byte[] readRejectingDots(String fileName) throws IOException {
        if (fileName.contains("..")) throw new IllegalArgumentException("bad name");
        // ok: java.path-traversal-untrusted
        return Files.readAllBytes(Paths.get(BASE_DIR, fileName));
    }

    public InputStream trustStore() throws IOException {
        // ok: java.path-traversal-untrusted
        return new FileInputStream(System.getenv("TRUSTSTORE_PATH"));
    }

    public List<String> readConfig() throws IOException {
        // ok: java.path-traversal-untrusted
        return Files.readAllLines(Paths.get("/etc/myapp/config.properties"));
    }

    public void unzip(ZipInputStream zis, File destDir) throws IOException {
        ZipEntry entry;
        while ((entry = zis.getNextEntry()) != null) {
            File newFile = new File(destDir, entry.getName());
            // ruleid: java.path-traversal-untrusted
            try (FileOutputStream fos = new FileOutputStream(newFile)) {
                zis.transferTo(fos);
            }
        }
    }

    public void unzipChecked(ZipInputStream zis, File destDir) throws IOException {
        ZipEntry entry;
        while ((entry = zis.getNextEntry()) != null) {
            File newFile = new File(destDir, entry.getName());
            if (!newFile.getCanonicalPath().startsWith(destDir.getCanonicalPath() + File.separator)) {
                throw new IOException("entry outside the target folder");
            }
            // ok: java.path-traversal-untrusted
            try (FileOutputStream fos = new FileOutputStream(newFile)) {
                zis.transferTo(fos);
            }
        }
    }

    // --- SSRF from a method argument ---

    public String fetch(String urlString) throws IOException {
        URL url = new URL(urlString);
        // ruleid: java.ssrf-untrusted
        HttpURLConnection conn = (HttpURLConnection) url.openConnection();
        try (InputStream in = conn.getInputStream()) {
            return new String(in.readAllBytes());
        }
    }

    public String proxy(String target) {
        RestTemplate rest = new RestTemplate();
        // ruleid: java.ssrf-untrusted
        return rest.getForObject(target, String.class);
    }

    public String fetchAllowed(String urlString) throws IOException {
        URL url = new URL(urlString);
        if (!ALLOWED_HOSTS.contains(url.getHost())) {
            throw new IllegalArgumentException("host not allowed");
        }
        // ok: java.ssrf-untrusted
        HttpURLConnection conn = (HttpURLConnection) url.openConnection();
        return conn.getResponseMessage();
    }

    public String forecast(String city) {
        String url = UriComponentsBuilder.fromHttpUrl("https://api.weather.example/v1/forecast")
                .queryParam("city", city).toUriString();
        // ok: java.ssrf-untrusted
        return new RestTemplate().getForObject(url, String.class);
    }

    public String anyHost(String base, String city) {
        String url = UriComponentsBuilder.fromHttpUrl(base).queryParam("city", city).toUriString();
        // ruleid: java.ssrf-untrusted
        return new RestTemplate().getForObject(url, String.class);
    }

    public String weather(String city) throws IOException {
        URL url = new URL("https://api.weather.example/v1?city=" + URLEncoder.encode(city, "UTF-8"));
        // ok: java.ssrf-untrusted
        return new String(url.openStream().readAllBytes());
    }

    public String status() throws IOException {
        URL url = new URL("https://api.example.com/status");
        // ok: java.ssrf-untrusted
        return new String(url.openStream().readAllBytes());
    }

    // --- LDAP and XPath built by concatenation ---

    public NamingEnumeration<SearchResult> findUser(DirContext ctx, String username) throws Exception {
        String filter = "(&(objectClass=person)(uid=" + username + "))";
        SearchControls controls = new SearchControls();
        // ruleid: java.ldap-injection-untrusted
        return ctx.search("ou=users,dc=example,dc=com", filter, controls);
    }

    public NamingEnumeration<SearchResult> findUserSafe(DirContext ctx, String username) throws Exception {
        SearchControls controls = new SearchControls();
        // ok: java.ldap-injection-untrusted
        return ctx.search("ou=users,dc=example,dc=com", "(&(objectClass=person)(uid={0}))", new Object[] {username}, controls);
    }

    public NamingEnumeration<SearchResult> findAdmins(DirContext ctx) throws Exception {
        String group = "admins";
        // ok: java.ldap-injection-untrusted
        return ctx.search("ou=users,dc=example,dc=com", "(memberOf=cn=" + group + ")", new SearchControls());
    }

    public boolean authenticate(org.w3c.dom.Document doc, String user, String pass) throws Exception {
        XPath xpath = XPathFactory.newInstance().newXPath();
        String expr = "/users/user[name='" + user + "' and password='" + pass + "']";
        // ruleid: java.xpath-injection-untrusted
        org.w3c.dom.NodeList nodes = (org.w3c.dom.NodeList) xpath.evaluate(expr, doc, XPathConstants.NODESET);
        return nodes.getLength() > 0;
    }

    public Object allUsers(org.w3c.dom.Document doc) throws Exception {
        XPath xpath = XPathFactory.newInstance().newXPath();
        // ok: java.xpath-injection-untrusted
        return xpath.evaluate("/users/user", doc, XPathConstants.NODESET);
    }

    // --- reflection ---

    public Object createInstance(String className) throws Exception {
        // ruleid: java.unsafe-reflection
        Class<?> clazz = Class.forName(className);
        return clazz.getDeclaredConstructor().newInstance();
    }

    public Object createPlugin(String name) throws Exception {
        if (!PLUGINS.contains(name)) throw new IllegalArgumentException(name);
        // ok: java.unsafe-reflection
        return Class.forName(name).getDeclaredConstructor().newInstance();
    }

    public Object createDriver() throws Exception {
        // ok: java.unsafe-reflection
        return Class.forName("org.postgresql.Driver").getDeclaredConstructor().newInstance();
    }

    // --- output, redirects and headers from local sources (a file, the environment, a database) ---

    protected void showMotd(HttpServletResponse response) throws IOException {
        BufferedReader reader = new BufferedReader(new FileReader("/etc/motd"));
        String motd = reader.readLine();
        // ruleid: java.xss-untrusted
        response.getWriter().println("<p>" + motd + "</p>");
        // ok: java.xss-untrusted
        response.getWriter().println("<p>" + Encode.forHtml(motd) + "</p>");
        String user = System.getenv("USER");
        // ruleid: java.xss-untrusted
        response.sendError(404, "<br>no page for " + user);
        String fixed = "maintenance";
        // ok: java.xss-untrusted
        response.getWriter().println("<p>" + fixed + "</p>");
    }

    protected void lastPage(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Cookie[] cookies = request.getCookies();
        String last = cookies[0].getValue();
        // ruleid: java.open-redirect-untrusted
        response.sendRedirect(last);
    }

    protected void goHome(HttpServletResponse response) throws IOException {
        String target = System.getenv("HOME_URL");
        // ruleid: java.open-redirect-untrusted
        response.sendRedirect(target);
        String path = System.getenv("HOME_PATH");
        if (path.startsWith("/") && !path.startsWith("//")) {
            // ok: java.open-redirect-untrusted
            response.sendRedirect(path);
        }
        // ok: java.open-redirect-untrusted
        response.sendRedirect("/home");
    }

    protected void showUser(HttpServletResponse response, ResultSet rs) throws Exception {
        PrintWriter out = response.getWriter();
        // ok: java.xss-untrusted
        out.println(rs.getInt("id"));
        // ruleid: java.xss-untrusted
        out.println("<td>" + rs.getString("name") + "</td>");
    }

    protected void language(HttpServletResponse response, ResultSet rs) throws Exception {
        String lang = rs.getString("lang");
        // ruleid: java.header-injection-untrusted
        response.addHeader("Location", "/author.jsp?lang=" + lang);
        // ok: java.header-injection-untrusted
        response.addHeader("Location", "/author.jsp?lang=" + URLEncoder.encode(lang, "UTF-8"));
        // ok: java.header-injection-untrusted
        response.setHeader("Cache-Control", "no-store");
    }
}

class CommandHelpers {
    public static String runCommand(String command) throws IOException {
        // ruleid: java.command-injection-untrusted
        Process process = Runtime.getRuntime().exec(command);
        return new String(process.getInputStream().readAllBytes());
    }

    public String listDirectory(String dir) throws Exception {
        // ruleid: java.command-injection-untrusted
        Process p = Runtime.getRuntime().exec(new String[] {"/bin/sh", "-c", "ls -l " + dir});
        return new String(p.getInputStream().readAllBytes());
    }

    public int ping(String host) throws Exception {
        // ruleid: java.command-injection-untrusted
        return new ProcessBuilder("bash", "-c", "ping -c 4 " + host).start().waitFor();
    }

    public int pingChecked(String host) throws Exception {
        if (!host.matches("^[a-zA-Z0-9.-]+$")) throw new IllegalArgumentException("bad host");
        // ok: java.command-injection-untrusted
        return new ProcessBuilder("bash", "-c", "ping -c 4 " + host).start().waitFor();
    }

    public int pingArgs(String host) throws Exception {
        // ok: java.command-injection-untrusted
        return new ProcessBuilder("ping", "-c", "4", host).start().waitFor();
    }

    public void backup(String dbName, File target) throws IOException {
        // ok: java.command-injection-untrusted
        new ProcessBuilder(List.of("pg_dump", "--dbname", dbName, "--file", target.getPath())).start();
    }

    public void runLine(String commandLine) throws IOException {
        // ruleid: java.command-injection-untrusted
        new ProcessBuilder(commandLine).start();
    }

    public void uptime() throws IOException {
        // ok: java.command-injection-untrusted
        Runtime.getRuntime().exec("uptime");
    }
}

class LookupsAndPrograms {
    public Object lookup(String name) throws Exception {
        InitialContext ctx = new InitialContext();
        // ruleid: java.jndi-injection
        return ctx.lookup(name);
    }

    public Object dataSource() throws Exception {
        InitialContext ctx = new InitialContext();
        // ok: java.jndi-injection
        return ctx.lookup("java:comp/env/jdbc/app");
    }

    public static void main(String[] args) throws Exception {
        // ruleid: java.path-traversal-untrusted
        System.out.println(Files.readString(Path.of(args[0])));
    }
}

class ShellCommands {
    public void archive(String folder) throws IOException {
        ProcessBuilder pb = new ProcessBuilder();
        // ruleid: java.command-injection-untrusted
        pb.command("sh", "-c", "tar czf out.tgz " + folder);
        pb.start();
    }
}

class UserPatterns {
    public boolean matches(String input, String userPattern) {
        // ruleid: java.regex-injection-untrusted
        Pattern pattern = Pattern.compile(userPattern);
        return pattern.matcher(input).matches();
    }

    public boolean containsText(String input, String text) {
        // ok: java.regex-injection-untrusted
        Pattern pattern = Pattern.compile(Pattern.quote(text));
        return pattern.matcher(input).find();
    }

    public String[] fields(String line) {
        // ok: java.regex-injection-untrusted
        return line.split(",");
    }
}

class CookieHelpers {
    public static Cookie preference(String name, String value) {
        // ok: java.header-injection-untrusted
        Cookie cookie = new Cookie(name, value);
        cookie.setSecure(true);
        return cookie;
    }

    // --- SQL text from the caller run as a plain Statement ---

    public ResultSet runQuery(Connection conn, String query) throws SQLException {
        Statement stmt = conn.createStatement();
        // ruleid: java.sql-injection-untrusted
        return stmt.executeQuery(query);
    }

    public int runUpdate(Connection conn) throws SQLException {
        String sql = System.getenv("MIGRATION_SQL");
        // ruleid: java.sql-injection-untrusted
        return conn.createStatement().executeUpdate(sql);
    }

    public ResultSet boundQuery(Connection conn, String sql, String value) throws SQLException {
        // ok: java.sql-injection-untrusted
        PreparedStatement ps = conn.prepareStatement(sql);
        ps.setString(1, value);
        // ok: java.sql-injection-untrusted
        return ps.executeQuery();
    }

    public ResultSet fixedQuery(Connection conn, String name) throws SQLException {
        Statement stmt = conn.createStatement();
        // ok: java.sql-injection-untrusted
        return stmt.executeQuery("SELECT COUNT(*) FROM users");
    }

    public ResultSet byId(Connection conn, String id) throws SQLException {
        Statement stmt = conn.createStatement();
        // ok: java.sql-injection-untrusted
        return stmt.executeQuery("SELECT * FROM users WHERE id = " + Integer.parseInt(id));
    }
}

