@PostMapping("/login")
public String login(@RequestParam String username, @RequestParam String password) {
    logger.info("Login attempt for user: " + username);
    return authService.login(username, password) ? "home" : "login";
}
