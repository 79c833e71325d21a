import java.net.URI;
import java.util.Set;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.client.RestTemplate;

@RestController
public class PreviewController {
    private static final Set<String> ALLOWED = Set.of("docs.example.com");
    private final RestTemplate restTemplate = new RestTemplate();

    @PostMapping("/preview")
    public String preview(@RequestParam("id") String id) {
        return restTemplate.getForObject("https://docs.example.com/pages/{id}", String.class, id);
    }
}
