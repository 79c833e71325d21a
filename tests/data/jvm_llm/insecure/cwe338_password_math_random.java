public static String generatePassword(int length) {
    String chars = "abcdefghijklmnopqrstuvwxyz0123456789!@#$%";
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < length; i++) {
        int index = (int) (Math.random() * chars.length());
        password.append(chars.charAt(index));
    }
    return password.toString();
}
