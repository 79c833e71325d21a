import java.io.IOException;
import java.nio.file.*;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;

@RestController
public class DownloadController {
    private static final Path UPLOAD_DIR = Paths.get("/var/app/uploads");

    @GetMapping("/download")
    public ResponseEntity<byte[]> download(@RequestParam String filename) throws IOException {
        Path file = UPLOAD_DIR.resolve(Paths.get(filename).getFileName()).normalize();
        return ResponseEntity.ok(Files.readAllBytes(file));
    }
}
