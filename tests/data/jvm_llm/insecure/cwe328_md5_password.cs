using System.Security.Cryptography;
using System.Text;

public class PasswordHasher
{
    public string HashPassword(string password)
    {
        using (var md5 = MD5.Create())
        {
            byte[] hash = md5.ComputeHash(Encoding.UTF8.GetBytes(password));
            return BitConverter.ToString(hash).Replace("-", "").ToLower();
        }
    }
}
