public SecretKey newKey() throws NoSuchAlgorithmException {
    KeyGenerator keyGen = KeyGenerator.getInstance("DES");
    keyGen.init(56);
    return keyGen.generateKey();
}
