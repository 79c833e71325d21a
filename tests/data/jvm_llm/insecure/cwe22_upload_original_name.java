@PostMapping("/upload")
public String upload(@RequestParam("file") MultipartFile file) throws IOException {
    File dest = new File(uploadDir + File.separator + file.getOriginalFilename());
    file.transferTo(dest);
    return "ok";
}
