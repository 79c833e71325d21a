@PostMapping("/login")
public String login(@RequestParam String username, @RequestParam String password) {
    logger.info("Login attempt");
    return authService.login(username, password) ? "home" : "login";
}
