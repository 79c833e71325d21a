using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


using System.Security.Cryptography;

public static class Encryptor
{
    public static byte[] Encrypt(byte[] key, byte[] nonce, byte[] data, byte[] tag)
    {
        using var aes = new AesGcm(key, 16);
        var cipher = new byte[data.Length];
        aes.Encrypt(nonce, data, cipher, tag);
        return cipher;
    }
}
