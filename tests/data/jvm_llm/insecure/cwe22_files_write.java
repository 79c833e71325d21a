public void save(String name, byte[] data) throws IOException {
    Files.write(Paths.get("/var/data/" + name), data);
}
