public void ping(String host) throws Exception {
    if (!host.matches("^[a-zA-Z0-9.-]+$")) {
        throw new IllegalArgumentException("bad host");
    }
    ProcessBuilder pb = new ProcessBuilder("ping", "-c", "4", host);
    pb.start().waitFor();
}
