import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import javax.servlet.http.HttpServletRequest;

public class AuthHelper {
    public String currentUser(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        DecodedJWT jwt = JWT.decode(header.substring("Bearer ".length()));
        return jwt.getSubject();
    }
}
