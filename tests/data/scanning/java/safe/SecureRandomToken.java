import java.security.SecureRandom;
import java.util.Base64;

public class TokenGenerator {
    private final SecureRandom random = new SecureRandom();

    public String generateResetToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
