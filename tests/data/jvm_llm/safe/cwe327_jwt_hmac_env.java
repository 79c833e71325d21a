public String issueToken(String username) {
    Algorithm algorithm = Algorithm.HMAC256(System.getenv("JWT_SECRET"));
    return JWT.create()
            .withSubject(username)
            .withExpiresAt(new Date(System.currentTimeMillis() + 3600_000))
            .sign(algorithm);
}
