import java.security.*;
import java.security.cert.X509Certificate;
import java.sql.*;
import java.util.*;
import javax.crypto.*;
import javax.net.ssl.*;
import io.jsonwebtoken.*;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;

public class CryptoExamples {
    // ruleid: java.hardcoded-credential
    private static final String DB_PASSWORD = "Pr0duct10n!";
    // ok: java.hardcoded-credential
    private static final String DB_PASSWORD_ENV = System.getenv("DB_PASSWORD");
    // ok: java.hardcoded-credential
    private static final String PASSWORD_FIELD = "";

    public Connection connect() throws SQLException {
        // ruleid: java.hardcoded-credential
        return DriverManager.getConnection("jdbc:postgresql://db/app", "app", "s3cret-pass");
    }

    public Connection connectEnv() throws SQLException {
        // ok: java.hardcoded-credential
        return DriverManager.getConnection("jdbc:postgresql://db/app", "app", System.getenv("DB_PASSWORD"));
    }

    public String hashPassword(String password) throws Exception {
        // ruleid: java.weak-hash
        MessageDigest md = MessageDigest.getInstance("MD5");
        // ruleid: java.password-fast-hash
        return HexFormat.of().formatHex(md.digest(password.getBytes()));
    }

    public byte[] sha256(byte[] data) throws Exception {
        // ok: java.weak-hash
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    public byte[] encrypt(SecretKey key, byte[] data) throws Exception {
        // ruleid: java.weak-cipher
        Cipher des = Cipher.getInstance("DES/CBC/PKCS5Padding");
        // ruleid: java.weak-cipher
        Cipher ecb = Cipher.getInstance("AES/ECB/PKCS5Padding");
        // ruleid: java.weak-cipher
        Cipher dflt = Cipher.getInstance("AES");
        // ok: java.weak-cipher
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        return gcm.doFinal(data);
    }

    public String generateResetToken() {
        Random random = new Random();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            // ruleid: java.insecure-random-secret
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    public String newSession() {
        // ok: java.insecure-random-secret
        byte[] buf = new byte[32];
        new SecureRandom().nextBytes(buf);
        return Base64.getUrlEncoder().encodeToString(buf);
    }

    public int rollDice() {
        // ok: java.insecure-random-secret
        return new Random().nextInt(6) + 1;
    }

    static class TrustAll implements X509TrustManager {
        // ruleid: java.tls-verification-disabled
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        // ruleid: java.tls-verification-disabled
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }

    void hostnames() {
        // ruleid: java.tls-verification-disabled
        HttpsURLConnection.setDefaultHostnameVerifier((hostname, session) -> true);
    }

    public Claims claims(String token) {
        // ruleid: java.jwt-verification-disabled
        return Jwts.parser().parseClaimsJwt(token).getBody();
    }

    public String subject(String token) {
        // ruleid: java.jwt-verification-disabled
        return JWT.decode(token).getSubject();
    }

    public String verified(String token, Algorithm alg) {
        // ok: java.jwt-verification-disabled
        return JWT.require(alg).build().verify(token).getSubject();
    }
}

class StaticIvExamples {
    public byte[] encryptZeroIv(byte[] data, SecretKey key) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        // ruleid: java.static-iv
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(new byte[16]));
        return cipher.doFinal(data);
    }

    public byte[] encryptLiteralIv(byte[] data, SecretKey key) throws Exception {
        byte[] iv = "0123456789abcdef".getBytes();
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        // ruleid: java.static-iv
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
        return cipher.doFinal(data);
    }

    public byte[] encryptRandomIv(byte[] data, SecretKey key) throws Exception {
        byte[] iv = new byte[16];
        new java.security.SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        // ok: java.static-iv
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
        return cipher.doFinal(data);
    }
}

class PasswordHashing {
    public static String hashPassword(String password) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        // ruleid: java.password-fast-hash
        byte[] digest = md.digest(password.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(digest);
    }

    public static byte[] storeUser(String name, String userPassword) throws Exception {
        // ruleid: java.password-fast-hash
        return MessageDigest.getInstance("SHA-512").digest(userPassword.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hashPassword(char[] password, byte[] salt) throws Exception {
        // ok: java.password-fast-hash
        SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        return f.generateSecret(new PBEKeySpec(password, salt, 310000, 256)).getEncoded();
    }

    public static byte[] checksum(byte[] data) throws Exception {
        // ok: java.password-fast-hash
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}

class KeysAndSeeds {
    public KeyPair weakKeys() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        // ruleid: java.weak-key-size
        kpg.initialize(512);
        return kpg.generateKeyPair();
    }

    public KeyPair strongKeys() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        // ok: java.weak-key-size
        kpg.initialize(3072);
        return kpg.generateKeyPair();
    }

    public String sessionId() {
        // ruleid: java.predictable-seed
        SecureRandom random = new SecureRandom("fixedseed".getBytes());
        // ok: java.predictable-seed
        SecureRandom good = new SecureRandom();
        return Long.toString(random.nextLong() ^ good.nextLong());
    }
}

class Protocols {
    public SSLContext legacy() throws Exception {
        // ruleid: java.weak-tls-protocol
        return SSLContext.getInstance("TLSv1");
    }

    public SSLContext current() throws Exception {
        // ok: java.weak-tls-protocol
        return SSLContext.getInstance("TLSv1.3");
    }
}


class MoreWeakCrypto {
    public byte[] qualified(byte[] data) throws Exception {
        // ruleid: java.weak-hash
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA1", "SUN");
        // ruleid: java.weak-hash
        byte[] viaCodec = DigestUtils.getMd5Digest().digest(data);
        // ok: java.weak-hash
        byte[] strong = DigestUtils.getSha256Digest().digest(data);
        return md.digest(data);
    }

    public void ciphers() throws Exception {
        // ruleid: java.weak-cipher
        Cipher q = javax.crypto.Cipher.getInstance("AES");
        // ruleid: java.weak-cipher
        Cipher nul = new NullCipher();
        // ruleid: java.weak-cipher
        Cipher textbook = Cipher.getInstance("RSA/NONE/NoPadding");
        // ok: java.weak-cipher
        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
        // ok: java.weak-cipher
        KeyGenerator kg = KeyGenerator.getInstance("AES");
    }
}

class TrustEverything extends X509ExtendedTrustManager {
    // ruleid: java.tls-verification-disabled
    public void checkServerTrusted(final X509Certificate[] chain, final String authType, final Socket socket) throws CertificateException {
        // accept anything
    }
    // ok: java.tls-verification-disabled
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
    }
    // ok: java.tls-verification-disabled
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }
}

class AllHosts implements HostnameVerifier {
    // ruleid: java.tls-verification-disabled
    public boolean verify(final String hostname, final SSLSession session) {
        return true;
    }
}

class OnlyLocalhost implements HostnameVerifier {
    // ok: java.tls-verification-disabled
    public boolean verify(final String hostname, final SSLSession session) {
        return hostname.equals("localhost");
    }
}

class RandomStrings {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final Random RANDOM = new Random();
    private static final SecureRandom SECURE = new SecureRandom();

    public String randomString(int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            // ruleid: java.insecure-random-string
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    public String mathRandomString(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            // ruleid: java.insecure-random-string
            out[i] = ALPHABET.charAt((int) (Math.random() * ALPHABET.length()));
        }
        return new String(out);
    }

    public String secureString(int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            // ok: java.insecure-random-string
            sb.append(ALPHABET.charAt(SECURE.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    public byte[] keyBytes() {
        byte[] buf = new byte[16];
        Random r = new Random();
        // ruleid: java.insecure-random-string
        r.nextBytes(buf);
        return buf;
    }

    public String hexId() {
        // ruleid: java.insecure-random-string
        return Long.toHexString(new Random().nextLong());
    }

    public int shuffleIndex(List<String> items) {
        // ok: java.insecure-random-string
        return RANDOM.nextInt(items.size());
    }

    public String rememberMe() {
        // ruleid: java.insecure-random-secret
        float rememberMeKey = new java.util.Random().nextFloat();
        return Float.toString(rememberMeKey);
    }

    public int verificationCode() {
        // ruleid: java.insecure-random-secret
        int code = 100000 + RANDOM.nextInt(900000);
        return code;
    }

    public int diceRoll() {
        // ok: java.insecure-random-secret
        int roll = 1 + RANDOM.nextInt(6);
        return roll;
    }
}

class JwtKeys {
    String sign(String user) {
        // ruleid: java.hardcoded-credential
        return Jwts.builder().setSubject(user).signWith(SignatureAlgorithm.HS256, "secret123").compact();
    }

    String signWithKey(String user, Key key) {
        // ok: java.hardcoded-credential
        return Jwts.builder().setSubject(user).signWith(SignatureAlgorithm.HS256, key).compact();
    }
}

class KeyDerivation {
    byte[] weak(char[] password, byte[] salt) throws Exception {
        // ruleid: java.weak-key-derivation
        PBEKeySpec spec = new PBEKeySpec(password, salt, 1000, 256);
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    }

    byte[] strong(char[] password, byte[] salt) throws Exception {
        // ok: java.weak-key-derivation
        PBEKeySpec spec = new PBEKeySpec(password, salt, 600000, 256);
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    }
}

class CamelCaseSecrets {
    Connection open(String url) throws SQLException {
        // ruleid: java.hardcoded-credential
        String dbPassword = "Sup3rSecret!";
        // ok: java.hardcoded-credential
        String passwordPrompt = "Enter your password";
        // ok: java.hardcoded-credential
        String dbPasswordEnv = System.getenv("DB_PASSWORD");
        return DriverManager.getConnection(url, "app", dbPasswordEnv);
    }
}

class InviteCodes {
    private static final Random RANDOM = new Random();

    String generateInviteCode() {
        // ruleid: java.insecure-random-secret
        return String.valueOf(100000 + RANDOM.nextInt(900000));
    }

    long nextBackoff() {
        // ok: java.insecure-random-secret
        return 100 + RANDOM.nextInt(400);
    }
}


// A client's pinning trust manager: it verifies the server (delegate, then the pin); an empty
// checkClientTrusted is normal on a client, which never receives client certificates.
class PinningTrustManager implements X509TrustManager {
    private final X509TrustManager delegate;
    private final String pin;
    PinningTrustManager(X509TrustManager delegate, String pin) { this.delegate = delegate; this.pin = pin; }
    @Override
    // ok: java.tls-verification-disabled
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}
    @Override
    // ok: java.tls-verification-disabled
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
        if (!Hashes.sha256(chain[0].getEncoded()).equals(pin)) throw new CertificateException("pin mismatch");
    }
    public X509Certificate[] getAcceptedIssuers() { return delegate.getAcceptedIssuers(); }
}

class TrustManagers {
    SSLContext clientContext(X509TrustManager platform) throws Exception {
        TrustManager[] managers = new TrustManager[] { new X509TrustManager() {
            // ok: java.tls-verification-disabled
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}
            // ok: java.tls-verification-disabled
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                platform.checkServerTrusted(chain, authType);
            }
            public X509Certificate[] getAcceptedIssuers() { return platform.getAcceptedIssuers(); }
        }};
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, managers, new SecureRandom());
        return ctx;
    }

    // the twin: only the dates are checked, so any self-signed certificate is accepted
    SSLContext datesOnly() throws Exception {
        TrustManager[] managers = new TrustManager[] { new X509TrustManager() {
            // ok: java.tls-verification-disabled
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}
            // ruleid: java.tls-verification-disabled
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                chain[0].checkValidity();
            }
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }};
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, managers, new SecureRandom());
        return ctx;
    }

    // a server that demands client certificates and then accepts any of them
    SSLServerSocket mutualTlsServer(KeyManager[] keys, X509TrustManager platform) throws Exception {
        TrustManager[] managers = new TrustManager[] { new X509TrustManager() {
            // ruleid: java.tls-verification-disabled
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                platform.checkServerTrusted(chain, authType);
            }
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }};
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keys, managers, new SecureRandom());
        SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(8443);
        server.setNeedClientAuth(true);
        return server;
    }
}

class ExpiryOnlyTrustManager implements X509TrustManager {
    // ok: java.tls-verification-disabled (the manager is reported once, on checkServerTrusted)
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}
    // ruleid: java.tls-verification-disabled
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        for (X509Certificate cert : chain) {
            cert.checkValidity();
        }
    }
    public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
}
