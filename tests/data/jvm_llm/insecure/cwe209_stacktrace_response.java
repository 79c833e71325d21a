@GetMapping("/report")
public void report(HttpServletResponse response) throws IOException {
    try {
        reportService.generate();
    } catch (Exception e) {
        e.printStackTrace(response.getWriter());
    }
}
