var sha1 = new SHA1Managed();
byte[] digest = sha1.ComputeHash(Encoding.UTF8.GetBytes(input));
return Convert.ToBase64String(digest);
