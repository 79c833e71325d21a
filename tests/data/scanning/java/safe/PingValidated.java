import java.io.*;
import java.net.InetAddress;
import org.springframework.web.bind.annotation.*;

@RestController
public class DiagnosticsController {
    @GetMapping("/diagnostics/ping")
    public boolean ping(@RequestParam String host) throws IOException {
        return InetAddress.getByName(host).isReachable(3000);
    }
}
