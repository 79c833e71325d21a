using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


using System.Security.Cryptography;

public static class Encryptor
{
    public static byte[] Encrypt(byte[] key, byte[] data)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        aes.Mode = CipherMode.ECB;
        return aes.CreateEncryptor().TransformFinalBlock(data, 0, data.Length);
    }
}
