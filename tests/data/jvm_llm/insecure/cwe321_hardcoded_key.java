private static final String SECRET_KEY = "MySuperSecretKey";

public static String encrypt(String value) throws Exception {
    SecretKeySpec key = new SecretKeySpec(SECRET_KEY.getBytes(), "AES");
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, key);
    return Base64.getEncoder().encodeToString(cipher.doFinal(value.getBytes()));
}
