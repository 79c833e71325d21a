using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


using System.Security.Cryptography;

public class TokenService
{
    public string GenerateResetToken()
    {
        return Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
    }
}
