import java.io.*;
import org.springframework.web.bind.annotation.*;

@RestController
public class DiagnosticsController {
    @GetMapping("/diagnostics/ping")
    public String ping(@RequestParam String host) throws IOException {
        Process p = Runtime.getRuntime().exec("ping -c 3 " + host);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            StringBuilder out = new StringBuilder();
            String line;
            while ((line = r.readLine()) != null) out.append(line).append('\n');
            return out.toString();
        }
    }
}
