@GetMapping("/fetch")
public String fetch(@RequestParam String url) throws IOException {
    URL target = new URL(url);
    HttpURLConnection conn = (HttpURLConnection) target.openConnection();
    return new String(conn.getInputStream().readAllBytes());
}
