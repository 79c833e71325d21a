@PostMapping("/upload")
public String upload(@RequestParam("file") MultipartFile file) throws IOException {
    String name = UUID.randomUUID() + ".bin";
    file.transferTo(Paths.get(uploadDir, name));
    return "ok";
}
