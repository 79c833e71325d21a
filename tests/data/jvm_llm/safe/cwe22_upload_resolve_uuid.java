@PostMapping("/upload")
public String upload(@RequestParam("file") MultipartFile file) throws IOException {
    String extension = StringUtils.getFilenameExtension(file.getOriginalFilename());
    if (extension == null || !List.of("png", "jpg", "pdf").contains(extension.toLowerCase())) {
        throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "unsupported file type");
    }
    Path target = Paths.get("uploads").resolve(UUID.randomUUID() + "." + extension.toLowerCase());
    file.transferTo(target);
    return "ok";
}
