using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


using System.Security.Cryptography;

public static class PasswordHelper
{
    public static byte[] Hash(string password, byte[] salt)
    {
        return Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);
    }
}
