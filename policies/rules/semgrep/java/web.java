import java.io.*;
import java.net.*;
import java.nio.file.*;
import java.util.List;
import javax.servlet.http.*;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.owasp.encoder.Encode;
import org.apache.commons.io.FilenameUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

public class WebExamples extends HttpServlet {
    private static final Path BASE = Paths.get("/srv/files");

    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("file");
        // ruleid: java.path-traversal
        InputStream in = new FileInputStream(new File("/srv/files", name));
        Path safe = BASE.resolve(Paths.get(name).getFileName());
        // ok: java.path-traversal
        InputStream in2 = Files.newInputStream(safe);

        String url = request.getParameter("url");
        // ruleid: java.ssrf
        URLConnection conn = new URL(url).openConnection();
        // ok: java.ssrf
        URLConnection conn2 = new URL("https://api.example.com/v1/" + URLEncoder.encode(name, "UTF-8")).openConnection();

        String next = request.getParameter("next");
        // ruleid: java.open-redirect
        response.sendRedirect(next);
        if (next.startsWith("/") && !next.startsWith("//")) {
            // ok: java.open-redirect
            response.sendRedirect(next);
        }

        String q = request.getParameter("q");
        // ruleid: java.xss-servlet
        response.getWriter().println("<h1>Results for " + q + "</h1>");
        // ok: java.xss-servlet
        response.getWriter().println("<h1>Results for " + Encode.forHtml(q) + "</h1>");

        // ruleid: java.cors-wildcard-credentials
        response.setHeader("Access-Control-Allow-Origin", request.getHeader("Origin"));
    }
}

@RestController
class FileController {
    private final RestTemplate rest = new RestTemplate();

    @GetMapping("/files/{name}")
    public byte[] read(@PathVariable String name) throws IOException {
        // ruleid: java.path-traversal
        return Files.readAllBytes(Paths.get("/srv/files", name));
    }

    @PostMapping("/upload")
    public String upload(@RequestParam("file") org.springframework.web.multipart.MultipartFile file) throws IOException {
        // ruleid: java.path-traversal
        Path target = Paths.get("uploads").resolve(file.getOriginalFilename());
        // ok: java.path-traversal
        Path named = Paths.get("uploads").resolve(java.util.UUID.randomUUID() + ".bin");
        // ok: java.path-traversal
        Path typed = Paths.get("uploads").resolve(java.util.UUID.randomUUID() + "." + FilenameUtils.getExtension(file.getOriginalFilename()));
        file.transferTo(target);
        return "ok";
    }

    @GetMapping("/docs")
    public byte[] doc(@RequestParam String page, ApplicationContext ctx) throws IOException {
        // ruleid: java.path-traversal
        Resource r = ctx.getResource("classpath:docs/" + page);
        // ruleid: java.path-traversal
        File f = new ClassPathResource("templates/" + page).getFile();
        // ok: java.path-traversal
        Resource safe = ctx.getResource("classpath:docs/" + FilenameUtils.getName(page));
        // ok: java.path-traversal
        Resource fixed = ctx.getResource("classpath:docs/index.html");
        return r.getInputStream().readAllBytes();
    }

    @GetMapping("/proxy")
    public String proxy(@RequestParam("url") String url) {
        // ruleid: java.ssrf
        return rest.getForObject(url, String.class);
    }

    @GetMapping("/go")
    public String go(@RequestParam String target) {
        // ruleid: java.open-redirect
        return "redirect:" + target;
    }
}

// ruleid: java.cors-wildcard-credentials
@CrossOrigin(origins = "*", allowCredentials = "true")
@RestController
class OpenController {}

// ok: java.cors-wildcard-credentials
@CrossOrigin(origins = "https://app.example.com", allowCredentials = "true")
@RestController
class ClosedController {}

class CorsConfig {
    CorsConfiguration config() {
        CorsConfiguration c = new CorsConfiguration();
        c.setAllowCredentials(true);
        // ruleid: java.cors-wildcard-credentials
        c.addAllowedOriginPattern("*");
        return c;
    }

    void mappings(CorsRegistry registry) {
        // ok: java.cors-wildcard-credentials
        registry.addMapping("/api/**").allowedOrigins("https://app.example.com").allowCredentials(true);
    }
}

class SecurityConfig {
    SecurityFilterChain chain(HttpSecurity http) throws Exception {
        // ruleid: java.spring-csrf-disabled
        http.csrf(csrf -> csrf.disable());
        // ruleid: java.spring-csrf-disabled
        http.csrf(AbstractHttpConfigurer::disable);
        // ok: java.spring-csrf-disabled
        http.csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse()));
        return http.build();
    }
}

class CookieSessionExamples {
    protected void login(HttpServletRequest request, HttpServletResponse response) {
        Cookie cookie = new Cookie("SESSIONID", UUID.randomUUID().toString());
        cookie.setMaxAge(3600);
        // ruleid: java.cookie-without-secure, java.cookie-without-httponly
        response.addCookie(cookie);
        String role = request.getParameter("role");
        // ruleid: java.trust-boundary-session
        request.getSession().setAttribute("role", role);
        // ok: java.trust-boundary-session
        request.getSession().setAttribute("loginTime", System.currentTimeMillis());
    }

    protected void loginSecure(HttpServletResponse response) {
        Cookie cookie = new Cookie("SESSIONID", UUID.randomUUID().toString());
        cookie.setSecure(true);
        cookie.setHttpOnly(true);
        // ok: java.cookie-without-secure
        response.addCookie(cookie);
    }

    protected void containerSession(HttpServletResponse response, HttpSession session) {
        Cookie cookie = new Cookie("JSESSIONID", session.getId());
        cookie.setSecure(true);
        // ruleid: java.cookie-without-httponly
        response.addCookie(cookie);
    }

    protected void preference(HttpServletResponse response) {
        Cookie cookie = new Cookie("theme", "dark");
        // ok: java.cookie-without-secure
        response.addCookie(cookie);
    }

    protected void insecureFlag(HttpServletResponse response, Cookie cookie) {
        // ruleid: java.cookie-without-httponly
        cookie.setHttpOnly(false);
        // ruleid: java.cookie-without-secure
        cookie.setSecure(false);
        response.addCookie(cookie);
    }
}

@RestController
class ReflectingController {
    private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(ReflectingController.class);

    @GetMapping("/search")
    public String search(@RequestParam String q) {
        // ruleid: java.xss-spring-return
        return "<html><body>Results for: " + q + "</body></html>";
    }

    @GetMapping("/search2")
    public String searchEscaped(@RequestParam String q) {
        // ok: java.xss-spring-return
        return "<html><body>Results for: " + HtmlUtils.htmlEscape(q) + "</body></html>";
    }

    @GetMapping("/echo")
    public String echo(@RequestParam String q) {
        // ok: java.xss-spring-return
        return "Results for: " + q;
    }

    @GetMapping("/question")
    public String question(@RequestParam String key) {
        String answer = QUESTIONS.get(key);
        // ok: java.xss-spring-return
        return "<b>" + answer + "</b>";
    }

    @PostMapping("/login")
    public void login(@RequestParam String username, HttpServletRequest request) {
        // ruleid: java.log-injection
        logger.info("Login attempt for user: " + username);
        // ok: java.log-injection
        logger.info("Login attempt for user: " + username.replaceAll("[\\r\\n]", "_"));
        String agent = request.getHeader("User-Agent");
        // ruleid: java.log-injection
        logger.warn("Agent " + agent);
        // ok: java.log-injection
        logger.info("Login attempt");
    }
}

class CorsHeaders {
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // ruleid: java.cors-any-origin-header
        response.setHeader("Access-Control-Allow-Origin", "*");
        // ok: java.cors-any-origin-header
        response.setHeader("Access-Control-Allow-Origin", "https://app.example.com");
    }
}

class CorsConfig implements WebMvcConfigurer {
    public void addCorsMappings(CorsRegistry registry) {
        // ruleid: java.cors-any-origin-header
        registry.addMapping("/**").allowedOrigins("*").allowedMethods("GET", "POST");
        // ok: java.cors-any-origin-header
        registry.addMapping("/api/**").allowedOrigins("https://app.example.com");
    }

    CorsConfigurationSource source() {
        CorsConfiguration config = new CorsConfiguration();
        // ruleid: java.cors-any-origin-header
        config.addAllowedOrigin("*");
        // ok: java.cors-any-origin-header
        config.addAllowedOrigin("https://app.example.com");
        return null;
    }

    ResponseEntity<String> open() {
        // ruleid: java.cors-any-origin-header
        return ResponseEntity.ok().header("Access-Control-Allow-Origin", "*").body("{}");
    }
}

// ruleid: java.cors-any-origin-header
@CrossOrigin(origins = "*")
class OpenController {
}

class JsonServlet extends HttpServlet {
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String id = req.getParameter("id");
        // ok: java.xss-servlet
        resp.getWriter().write(String.valueOf(Long.parseLong(id)));
    }
}

class ErrorPages extends HttpServlet {
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            process(req);
        } catch (Exception e) {
            // ruleid: java.stacktrace-exposure
            e.printStackTrace(resp.getWriter());
            // ok: java.stacktrace-exposure
            resp.getWriter().println("Something went wrong");
        }
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<String> onError(Exception e) {
        if (e instanceof IllegalStateException) {
            // ruleid: java.stacktrace-exposure
            return ResponseEntity.status(500).body(e.getMessage() + "\n" + Arrays.toString(e.getStackTrace()));
        }
        if (e instanceof IllegalArgumentException) {
            // ruleid: java.stacktrace-exposure
            return new ResponseEntity<>(ExceptionUtils.getStackTrace(e), HttpStatus.INTERNAL_SERVER_ERROR);
        }
        // ok: java.stacktrace-exposure
        return ResponseEntity.status(500).body("Internal error, id " + errorId(e));
    }
}

