import org.springframework.web.bind.annotation.*;
import org.springframework.web.client.RestTemplate;

@RestController
public class PreviewController {
    private final RestTemplate restTemplate = new RestTemplate();

    @PostMapping("/preview")
    public String preview(@RequestParam("url") String url) {
        return restTemplate.getForObject(url, String.class);
    }
}
