import java.nio.ByteBuffer;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

public class TokenEncryptor {
    private static final SecureRandom RNG = new SecureRandom();

    public static byte[] encrypt(byte[] data, byte[] key) throws Exception {
        byte[] iv = new byte[12];
        RNG.nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        return ByteBuffer.allocate(12 + data.length + 16).put(iv).put(cipher.doFinal(data)).array();
    }
}
