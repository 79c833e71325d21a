public String createToken(String username) {
    return Jwts.builder()
            .setSubject(username)
            .signWith(SignatureAlgorithm.HS256, "secret123")
            .compact();
}
