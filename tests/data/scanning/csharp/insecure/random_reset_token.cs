using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


using System.Linq;

public class TokenService
{
    public string GenerateResetToken()
    {
        const string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        var random = new Random();
        return new string(Enumerable.Range(0, 32).Select(_ => chars[random.Next(chars.Length)]).ToArray());
    }
}
