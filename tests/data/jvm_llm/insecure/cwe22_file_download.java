@GetMapping("/download")
public ResponseEntity<byte[]> download(@RequestParam String filename) throws IOException {
    File file = new File("/var/app/uploads/", filename);
    byte[] content = Files.readAllBytes(file.toPath());
    return ResponseEntity.ok(content);
}
