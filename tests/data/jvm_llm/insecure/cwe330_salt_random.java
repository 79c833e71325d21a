public byte[] generateSalt() {
    byte[] salt = new byte[16];
    new java.util.Random().nextBytes(salt);
    return salt;
}
