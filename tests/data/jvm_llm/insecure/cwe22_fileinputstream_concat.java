@GetMapping("/files/{name}")
public void getFile(@PathVariable String name, HttpServletResponse response) throws IOException {
    FileInputStream in = new FileInputStream(UPLOAD_DIR + "/" + name);
    IOUtils.copy(in, response.getOutputStream());
}
