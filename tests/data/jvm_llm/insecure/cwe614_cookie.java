@PostMapping("/login")
public String login(@RequestParam String user, HttpServletResponse response) {
    String sessionToken = sessionService.create(user);
    Cookie cookie = new Cookie("SESSION", sessionToken);
    cookie.setPath("/");
    response.addCookie(cookie);
    return "redirect:/home";
}
