public void listDir(String dir) throws IOException {
    String[] cmd = {"/bin/sh", "-c", "ls -la " + dir};
    Runtime.getRuntime().exec(cmd);
}
