@GetMapping("/redirect")
public void redirect(@RequestParam String next, HttpServletResponse response) throws IOException {
    response.sendRedirect(next);
}
