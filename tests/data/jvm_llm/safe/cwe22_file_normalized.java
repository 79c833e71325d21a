public String readFile(String fileName) throws IOException {
    Path base = Paths.get(BASE_DIR).toAbsolutePath().normalize();
    Path path = base.resolve(fileName).normalize();
    if (!path.startsWith(base)) {
        throw new SecurityException("Invalid path");
    }
    return Files.readString(path);
}
