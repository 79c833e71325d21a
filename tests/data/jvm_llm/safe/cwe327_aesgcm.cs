public static byte[] Encrypt(byte[] plain, byte[] key)
{
    byte[] nonce = RandomNumberGenerator.GetBytes(12);
    byte[] cipher = new byte[plain.Length];
    byte[] tag = new byte[16];
    using var aes = new AesGcm(key);
    aes.Encrypt(nonce, plain, cipher, tag);
    return nonce.Concat(cipher).Concat(tag).ToArray();
}
