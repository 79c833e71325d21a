using (var sha = SHA256.Create())
{
    byte[] hash = sha.ComputeHash(fileBytes);
    return Convert.ToHexString(hash);
}
