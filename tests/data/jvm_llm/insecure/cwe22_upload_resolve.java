@PostMapping("/upload")
public String upload(@RequestParam("file") MultipartFile file) throws IOException {
    Path target = Paths.get("uploads").resolve(file.getOriginalFilename());
    file.transferTo(target);
    return "ok";
}
