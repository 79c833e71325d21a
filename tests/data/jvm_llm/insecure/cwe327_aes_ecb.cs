public static byte[] Encrypt(byte[] plain, byte[] key)
{
    using (Aes aes = Aes.Create())
    {
        aes.Key = key;
        aes.Mode = CipherMode.ECB;
        aes.Padding = PaddingMode.PKCS7;
        return aes.CreateEncryptor().TransformFinalBlock(plain, 0, plain.Length);
    }
}
