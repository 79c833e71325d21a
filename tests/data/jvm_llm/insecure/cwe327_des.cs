public static byte[] Encrypt(byte[] data, byte[] key, byte[] iv)
{
    using (var des = new DESCryptoServiceProvider())
    {
        des.Key = key;
        des.IV = iv;
        using (var encryptor = des.CreateEncryptor())
        {
            return encryptor.TransformFinalBlock(data, 0, data.Length);
        }
    }
}
