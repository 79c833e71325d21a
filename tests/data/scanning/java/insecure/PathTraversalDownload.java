import java.io.IOException;
import java.nio.file.*;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;

@RestController
public class DownloadController {
    private static final String UPLOAD_DIR = "/var/app/uploads";

    @GetMapping("/download")
    public ResponseEntity<byte[]> download(@RequestParam String filename) throws IOException {
        Path file = Paths.get(UPLOAD_DIR, filename);
        return ResponseEntity.ok(Files.readAllBytes(file));
    }
}
