public static string GenerateToken(int length)
{
    const string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    var sb = new StringBuilder();
    for (int i = 0; i < length; i++)
    {
        sb.Append(chars[RandomNumberGenerator.GetInt32(chars.Length)]);
    }
    return sb.ToString();
}
