public static byte[] Encrypt(byte[] plaintext, out byte[] key, out byte[] nonce)
{
    var random = new Random();
    key = new byte[32];
    random.NextBytes(key);
    nonce = new byte[12];
    RandomNumberGenerator.Fill(nonce);
    var ciphertext = new byte[plaintext.Length];
    var tag = new byte[16];
    using var aes = new AesGcm(key, 16);
    aes.Encrypt(nonce, plaintext, ciphertext, tag);
    return ciphertext;
}
