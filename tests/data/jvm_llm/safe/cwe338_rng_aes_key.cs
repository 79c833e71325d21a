public static byte[] Encrypt(byte[] plaintext, out byte[] key, out byte[] nonce)
{
    key = RandomNumberGenerator.GetBytes(32);
    nonce = RandomNumberGenerator.GetBytes(12);
    var ciphertext = new byte[plaintext.Length];
    var tag = new byte[16];
    using var aes = new AesGcm(key, 16);
    aes.Encrypt(nonce, plaintext, ciphertext, tag);
    return ciphertext;
}
