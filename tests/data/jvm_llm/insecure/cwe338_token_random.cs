using System;
using System.Text;

public static class TokenGenerator
{
    private const string Chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string GenerateToken(int length)
    {
        var random = new Random();
        var sb = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            sb.Append(Chars[random.Next(Chars.Length)]);
        }
        return sb.ToString();
    }
}
