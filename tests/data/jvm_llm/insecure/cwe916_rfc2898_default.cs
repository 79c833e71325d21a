public static byte[] DeriveKey(string password, byte[] salt)
{
    using var pbkdf2 = new Rfc2898DeriveBytes(password, salt);
    return pbkdf2.GetBytes(32);
}
