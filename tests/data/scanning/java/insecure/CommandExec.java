import java.io.*;

public class BackupService {
    public void backupDatabase(String dbName, String targetDir) throws IOException, InterruptedException {
        String command = "pg_dump " + dbName + " > " + targetDir + "/backup.sql";
        Process process = new ProcessBuilder("bash", "-c", command).start();
        if (process.waitFor() != 0) {
            throw new IOException("backup failed");
        }
    }
}
