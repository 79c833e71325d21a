public static byte[] Encrypt(string text, byte[] key)
{
    using var aes = Aes.Create();
    aes.Key = key;
    aes.IV = new byte[16];
    using var encryptor = aes.CreateEncryptor();
    var plain = Encoding.UTF8.GetBytes(text);
    return encryptor.TransformFinalBlock(plain, 0, plain.Length);
}
