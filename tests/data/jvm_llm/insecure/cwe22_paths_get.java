public String readFile(String fileName) throws IOException {
    Path path = Paths.get(BASE_DIR, fileName);
    return new String(Files.readAllBytes(path));
}
