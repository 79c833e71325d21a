import java.util.Random;

public class TokenGenerator {
    private static final String CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private final Random random = new Random();

    public String generateResetToken() {
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            token.append(CHARS.charAt(random.nextInt(CHARS.length())));
        }
        return token.toString();
    }
}
