public String issueToken(String username) {
    return JWT.create()
            .withSubject(username)
            .withExpiresAt(new Date(System.currentTimeMillis() + 3600_000))
            .sign(Algorithm.none());
}
