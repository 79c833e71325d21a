import java.io.*;
import java.nio.file.*;
import java.nio.file.attribute.*;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.*;

public class FileExamples {
    void publish(Path p) throws IOException {
        // ruleid: java.insecure-file-permissions
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
        // ok: java.insecure-file-permissions
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r-----"));
        File f = p.toFile();
        // ruleid: java.insecure-file-permissions
        f.setWritable(true, false);
        // ok: java.insecure-file-permissions
        f.setWritable(true, true);
    }

    void report(String csv) throws IOException {
        // ruleid: java.insecure-temp-file
        try (FileWriter w = new FileWriter("/tmp/report.csv")) {
            w.write(csv);
        }
        // ok: java.insecure-temp-file
        Path tmp = Files.createTempFile("report", ".csv");
        Files.writeString(tmp, csv);
    }

    // ruleid: java.regex-dos
    private static final Pattern EMAIL = Pattern.compile("^([a-zA-Z0-9]+\\.?)+@example\\.com$");
    // ok: java.regex-dos
    private static final Pattern EMAIL_OK = Pattern.compile("^[a-zA-Z0-9.]+@example\\.com$");

    boolean words(String s) {
        // ruleid: java.regex-dos
        return s.matches("(\\w+\\s?)*");
    }
}

@RestController
class SearchController {
    @GetMapping("/search")
    public boolean search(@RequestParam String q, String text) {
        // ruleid: java.regex-injection
        boolean a = Pattern.compile(q).matcher(text).find();
        // ok: java.regex-injection
        boolean b = Pattern.compile(Pattern.quote(q)).matcher(text).find();
        return a || b;
    }

    public File reportFile(String content) throws IOException {
        // ruleid: java.insecure-temp-file
        File temp = new File("/tmp/report_" + System.currentTimeMillis() + ".txt");
        // ok: java.insecure-temp-file
        File own = Files.createTempFile("report", ".txt").toFile();
        return temp.exists() ? temp : own;
    }
}
