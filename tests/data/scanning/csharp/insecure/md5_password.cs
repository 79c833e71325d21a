using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


using System.Security.Cryptography;
using System.Text;

public static class PasswordHelper
{
    public static string Hash(string password)
    {
        using var md5 = MD5.Create();
        return Convert.ToHexString(md5.ComputeHash(Encoding.UTF8.GetBytes(password)));
    }
}
