import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.jsonwebtoken.Jwts;

public class Tokens {
    String unsigned(String user) {
        // ruleid: java.jwt-none-algorithm
        Algorithm algorithm = Algorithm.none();
        return JWT.create().withSubject(user).sign(algorithm);
    }

    String unsignedInline(String user) {
        // ruleid: java.jwt-none-algorithm
        return JWT.create()
            .withSubject(user)
            .sign(Algorithm.none());
    }

    String signed(String user, String secret) {
        // ok: java.jwt-none-algorithm
        Algorithm algorithm = Algorithm.HMAC256(secret);
        return JWT.create().withSubject(user).sign(algorithm);
    }

    String jjwtUnsigned(String user) {
        // ruleid: java.jwt-none-algorithm
        return Jwts.builder()
            .setSubject(user)
            .compact();
    }

    String jjwtSigned(String user, java.security.Key key) {
        // ok: java.jwt-none-algorithm
        return Jwts.builder()
            .setSubject(user)
            .signWith(key)
            .compact();
    }

    String jjwtSignedFirst(String user, java.security.Key key) {
        // ok: java.jwt-none-algorithm
        return Jwts.builder().signWith(key).setSubject(user).compact();
    }

    boolean verifyNone(String token) {
        // ok: java.jwt-none-algorithm
        return JWT.require(Algorithm.none()).build().verify(token) != null;
    }
}
