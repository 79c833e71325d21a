import java.io.*;
import java.util.List;

public class BackupService {
    public void backupDatabase(String dbName, File target) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of("pg_dump", "--dbname", dbName, "--file", target.getPath()))
            .redirectErrorStream(true)
            .start();
        if (process.waitFor() != 0) {
            throw new IOException("backup failed");
        }
    }
}
