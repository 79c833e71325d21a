var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("my_super_secret_key_12345"));
var creds = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
