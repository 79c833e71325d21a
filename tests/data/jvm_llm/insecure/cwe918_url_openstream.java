public String download(String address) throws IOException {
    try (InputStream in = new URL(address).openStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
