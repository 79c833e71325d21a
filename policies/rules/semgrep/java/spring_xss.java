import org.springframework.http.*;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.util.HtmlUtils;

@RestController
public class GreetingController {

    @GetMapping("/greet")
    public ResponseEntity<String> greet(@RequestParam String name) {
        String html = "<h1>Hello " + name + "</h1>";
        // ruleid: java.xss-spring-response-body
        return new ResponseEntity<>(html, HttpStatus.OK);
    }

    @GetMapping("/card")
    public ResponseEntity<String> card(@RequestParam("title") String title) {
        // ruleid: java.xss-spring-response-body
        return ResponseEntity.ok(String.format("<div class=\"card\">%s</div>", title));
    }

    @GetMapping("/note")
    public ResponseEntity<String> note(@RequestParam String text) {
        // ruleid: java.xss-spring-response-body
        return ResponseEntity.ok().header("X-Note", "1").body("<p>" + text + "</p>");
    }

    @GetMapping("/greet-safe")
    public ResponseEntity<String> greetSafe(@RequestParam String name) {
        String html = "<h1>Hello " + HtmlUtils.htmlEscape(name) + "</h1>";
        // ok: java.xss-spring-response-body
        return new ResponseEntity<>(html, HttpStatus.OK);
    }

    @GetMapping("/echo")
    public ResponseEntity<String> echo(@RequestParam String name) {
        // ok: java.xss-spring-response-body
        return ResponseEntity.ok("Hello " + name);
    }

    @GetMapping("/page")
    public ResponseEntity<String> page(@RequestParam int id) {
        // ok: java.xss-spring-response-body
        return ResponseEntity.ok("<p>Item " + id + "</p>");
    }

    @GetMapping("/static")
    public ResponseEntity<String> fixed() {
        // ok: java.xss-spring-response-body
        return ResponseEntity.ok("<p>Hello</p>");
    }
}
