import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

public class PasswordUtil {
    private static final BCryptPasswordEncoder ENCODER = new BCryptPasswordEncoder(12);

    public static String hashPassword(String password) {
        return ENCODER.encode(password);
    }

    public static boolean matches(String password, String hash) {
        return ENCODER.matches(password, hash);
    }
}
