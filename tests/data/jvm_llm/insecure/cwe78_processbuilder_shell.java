public void runCommand(String userCommand) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", userCommand);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    p.waitFor();
}
