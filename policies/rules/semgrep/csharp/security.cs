using System;
using System.Data.SqlClient;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Runtime.Serialization.Formatters.Binary;
using System.Security.Cryptography;
using System.Xml;
using Microsoft.AspNetCore.Mvc;

public class Samples : Controller
{
    public void Sql(string name, SqlConnection conn, AppDb db)
    {
        // ruleid: csharp.sql-injection
        var a = new SqlCommand("SELECT * FROM Users WHERE Name = '" + name + "'", conn);
        // ruleid: csharp.sql-injection
        var b = new SqlCommand($"SELECT * FROM Users WHERE Name = '{name}'", conn);
        string sql = "DELETE FROM Users WHERE Name = '" + name + "'";
        // ruleid: csharp.sql-injection
        var c = new SqlCommand(sql, conn);
        // ruleid: csharp.sql-injection
        db.Users.FromSqlRaw($"SELECT * FROM Users WHERE Name = '{name}'");
        // ok: csharp.sql-injection
        var d = new SqlCommand("SELECT * FROM Users WHERE Name = @name", conn);
        d.Parameters.AddWithValue("@name", name);
        // ok: csharp.sql-injection
        db.Users.FromSqlInterpolated($"SELECT * FROM Users WHERE Name = {name}");
        // ok: csharp.sql-injection
        var e = new Exception("user " + name + " not found");
        string update = "UPDATE Users SET Name = @name "
            + "WHERE Id = @id;";
        // ok: csharp.sql-injection
        var f = new SqlCommand(update, conn);
        string filtered = "SELECT * FROM Users " + "WHERE Name = '" + name + "'";
        // ruleid: csharp.sql-injection
        var g = new SqlCommand(filtered, conn);
    }

    public void Shell(string host)
    {
        // ruleid: csharp.command-injection
        Process.Start("cmd.exe", "/c ping " + host);
        // ruleid: csharp.command-injection
        var psi = new ProcessStartInfo { FileName = "/bin/bash", Arguments = $"-c \"ping {host}\"" };
        // ok: csharp.command-injection
        var safe = new ProcessStartInfo("ping");
        safe.ArgumentList.Add(host);
        // ok: csharp.command-injection
        Process.Start("notepad.exe", "readme.txt");
    }

    public object Deserialize(Stream s)
    {
        // ruleid: csharp.insecure-deserialization
        var f = new BinaryFormatter();
        // ruleid: csharp.insecure-deserialization
        var settings = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.All };
        // ok: csharp.insecure-deserialization
        var safe = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None };
        return f.Deserialize(s);
    }

    public void Remoting()
    {
        var props = new Hashtable();
        props["typeFilterLevel"] = "Full";
        // ruleid: csharp.insecure-deserialization
        var provider = new BinaryServerFormatterSinkProvider(props, null);
        var lowProps = new Hashtable();
        lowProps["typeFilterLevel"] = "Low";
        // ok: csharp.insecure-deserialization
        var lowProvider = new BinaryServerFormatterSinkProvider(lowProps, null);
    }

    public void Xml(string xml)
    {
        var doc = new XmlDocument();
        // ruleid: csharp.xxe
        doc.XmlResolver = new XmlUrlResolver();
        // ok: csharp.xxe
        doc.XmlResolver = null;
        // ruleid: csharp.xxe
        var rs = new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse };
        // ok: csharp.xxe
        var rs2 = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit };
        doc.LoadXml(xml);
    }

    public void Crypto(byte[] data)
    {
        // ruleid: csharp.weak-hash
        using var md5 = MD5.Create();
        // ruleid: csharp.weak-hash
        var h = SHA1.HashData(data);
        // ok: csharp.weak-hash
        var h2 = SHA256.HashData(data);
        // ruleid: csharp.weak-cipher
        using var des = DES.Create();
        using var aes = Aes.Create();
        // ruleid: csharp.weak-cipher
        aes.Mode = CipherMode.ECB;
        // ok: csharp.weak-cipher
        aes.Mode = CipherMode.CBC;
    }

    public string GenerateResetToken()
    {
        // ruleid: csharp.insecure-random
        var rng = new Random();
        // ruleid: csharp.insecure-random
        return rng.Next(100000, 999999).ToString();
    }

    public string GenerateSecureToken()
    {
        // ok: csharp.insecure-random
        return Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
    }

    public int RollDice()
    {
        // ok: csharp.insecure-random
        return new Random().Next(1, 7);
    }

    public void Tls()
    {
        // ruleid: csharp.tls-validation-disabled
        ServicePointManager.ServerCertificateValidationCallback = (sender, cert, chain, errors) => true;
        var handler = new HttpClientHandler();
        // ruleid: csharp.tls-validation-disabled
        handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;
        // ok: csharp.tls-validation-disabled
        handler.ServerCertificateCustomValidationCallback = (m, c, ch, e) => e == System.Net.Security.SslPolicyErrors.None;
    }

    public void Secrets(IConfiguration config)
    {
        // ruleid: csharp.hardcoded-credentials
        string dbPassword = "Winter2024!";
        // ruleid: csharp.hardcoded-credentials
        var conn = new SqlConnection("Server=db;Database=shop;User Id=sa;Password=P@ssw0rd1;");
        // ok: csharp.hardcoded-credentials
        string password = config["Db:Password"];
        // ok: csharp.hardcoded-credentials
        var conn2 = new SqlConnection(config.GetConnectionString("Shop"));
    }

    public IActionResult Login(string returnUrl)
    {
        // ruleid: csharp.open-redirect
        return Redirect(returnUrl);
    }

    public IActionResult LoginSafe(string returnUrl)
    {
        if (Url.IsLocalUrl(returnUrl))
        {
            // ok: csharp.open-redirect
            return Redirect(returnUrl);
        }
        // ok: csharp.open-redirect
        return LocalRedirect("/");
    }

    public IActionResult LogOn(string returnUrl)
    {
        if (IsLocalUrl(returnUrl))
        {
            // ok: csharp.open-redirect
            return Redirect(returnUrl);
        }
        return RedirectToAction("Index", "Home");
    }

    [HttpGet("download")]
    public IActionResult Download(string file)
    {
        // ruleid: csharp.path-traversal
        var bytes = System.IO.File.ReadAllBytes(Path.Combine("/srv/files", file));
        // ok: csharp.path-traversal
        var safe = System.IO.File.ReadAllBytes(Path.Combine("/srv/files", Path.GetFileName(file)));
        return File(bytes, "application/octet-stream");
    }

    public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
    {
        if (env.IsDevelopment())
        {
            // ok: csharp.debug-mode
            app.UseDeveloperExceptionPage();
        }
        // ruleid: csharp.debug-mode
        app.UseDeveloperExceptionPage();
    }
}

public class ScriptCookieCsrfExamples : Controller
{
    public async Task<object> Evaluate(string code)
    {
        // ruleid: csharp.script-eval
        return await CSharpScript.EvaluateAsync(code);
    }

    public async Task<object> Fixed()
    {
        // ok: csharp.script-eval
        return await CSharpScript.EvaluateAsync("1 + 2");
    }

    public IActionResult SetSession(string id)
    {
        // ruleid: csharp.cookie-insecure-flags
        Response.Cookies.Append("session", id, new CookieOptions { HttpOnly = false, Secure = false });
        // ok: csharp.cookie-insecure-flags
        Response.Cookies.Append("session", id, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict });
        return Ok();
    }

    // ruleid: csharp.csrf-check-disabled
    [HttpPost]
    [IgnoreAntiforgeryToken]
    public IActionResult Transfer(string to, decimal amount)
    {
        return Ok();
    }

    // ok: csharp.csrf-check-disabled
    [HttpPost]
    [ValidateAntiForgeryToken]
    public IActionResult TransferChecked(string to, decimal amount)
    {
        return Ok();
    }
}

public class LoginController : Controller
{
    private readonly ILogger<LoginController> _logger;

    [HttpPost]
    public IActionResult Login(string username, string password)
    {
        // ruleid: csharp.log-injection
        _logger.LogInformation("Login attempt for " + username);
        // ruleid: csharp.log-injection
        _logger.LogWarning($"Failed login for {username}");
        // ok: csharp.log-injection
        _logger.LogInformation("Login attempt for {User}", username);
        // ok: csharp.log-injection
        _logger.LogInformation("Login attempt for " + username.Replace("\r", "").Replace("\n", ""));
        return Ok();
    }

    public IActionResult Search(string q)
    {
        // ruleid: csharp.log-injection
        _logger.LogInformation("Search for " + q);
        return Ok();
    }

    public void Helper(string note)
    {
        // ok: csharp.log-injection
        _logger.LogInformation("Note: " + note);
    }
}

public class PasswordAndXmlExamples
{
    public static string HashPassword(string password)
    {
        using var sha = SHA256.Create();
        // ruleid: csharp.password-fast-hash
        return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(password)));
    }

    public static byte[] HashPasswordSafely(string password, byte[] salt)
    {
        // ok: csharp.password-fast-hash
        return Rfc2898DeriveBytes.Pbkdf2(password, salt, 310000, HashAlgorithmName.SHA256, 32);
    }

    public static string Checksum(byte[] data)
    {
        // ok: csharp.password-fast-hash
        return Convert.ToHexString(SHA256.HashData(data));
    }

    public User FindUser(IDbConnection connection, string name)
    {
        // ruleid: csharp.sql-injection
        return connection.QueryFirstOrDefault<User>("SELECT * FROM Users WHERE Name = '" + name + "'");
    }

    public User FindUserSafe(IDbConnection connection, string name)
    {
        // ok: csharp.sql-injection
        return connection.QueryFirstOrDefault<User>("SELECT * FROM Users WHERE Name = @name", new { name });
    }

    public void Parse(Stream input)
    {
        // ruleid: csharp.xxe
        XmlTextReader reader = new XmlTextReader(input);
        while (reader.Read()) { }
    }

    public void ParseSafe(Stream input)
    {
        // ok: csharp.xxe
        XmlTextReader reader = new XmlTextReader(input);
        reader.DtdProcessing = DtdProcessing.Prohibit;
        while (reader.Read()) { }
    }
}

public class MoreCryptoAndSqlExamples
{
    public DataTable GetOrders(SqlConnection conn, string customer)
    {
        var sql = string.Format("SELECT * FROM Orders WHERE Customer = '{0}'", customer);
        // ruleid: csharp.sql-injection
        var adapter = new SqlDataAdapter(sql, conn);
        var table = new DataTable();
        adapter.Fill(table);
        return table;
    }

    public object Load(string payload)
    {
        var settings = new JsonSerializerSettings();
        // ruleid: csharp.insecure-deserialization
        settings.TypeNameHandling = TypeNameHandling.Auto;
        // ok: csharp.insecure-deserialization
        settings.TypeNameHandling = TypeNameHandling.None;
        return JsonConvert.DeserializeObject<object>(payload, settings);
    }

    public byte[] EncryptEcb(byte[] data, byte[] key)
    {
        // ruleid: csharp.weak-cipher
        var aes = new AesManaged { Key = key, Mode = CipherMode.ECB };
        return aes.CreateEncryptor().TransformFinalBlock(data, 0, data.Length);
    }

    public RSAParameters Keys()
    {
        // ruleid: csharp.weak-key-size
        using var weak = new RSACryptoServiceProvider(512);
        // ok: csharp.weak-key-size
        using var strong = RSA.Create(3072);
        return weak.ExportParameters(false);
    }

    public byte[] EncryptRsa(RSACryptoServiceProvider rsa, RSA modern, byte[] data)
    {
        // ruleid: csharp.rsa-pkcs1-padding
        var a = rsa.Encrypt(data, false);
        // ok: csharp.rsa-pkcs1-padding
        var b = modern.Encrypt(data, RSAEncryptionPadding.OaepSHA256);
        return a ?? b;
    }

    public byte[] DeriveKey(string password, byte[] salt)
    {
        // ruleid: csharp.weak-key-derivation
        using var kdf = new Rfc2898DeriveBytes(password, salt, 1000);
        // ok: csharp.weak-key-derivation
        var strong = Rfc2898DeriveBytes.Pbkdf2(password, salt, 310000, HashAlgorithmName.SHA256, 32);
        return kdf.GetBytes(32);
    }

    public void SendMail(SmtpClient client)
    {
        // ruleid: csharp.cleartext-transport
        client.EnableSsl = false;
        // ok: csharp.cleartext-transport
        client.EnableSsl = true;
    }

    public TokenValidationParameters Parameters()
    {
        return new TokenValidationParameters
        {
            ValidateIssuer = false,
            // ruleid: csharp.jwt-validation-disabled
            ValidateIssuerSigningKey = false,
            // ruleid: csharp.jwt-validation-disabled
            RequireSignedTokens = false,
            // ok: csharp.jwt-validation-disabled
            ValidateLifetime = false,
        };
    }

    public TokenValidationParameters StrictParameters(SecurityKey key)
    {
        // ok: csharp.jwt-validation-disabled
        return new TokenValidationParameters { ValidateIssuerSigningKey = true, IssuerSigningKey = key };
    }

    public void Cors(IServiceCollection services)
    {
        // ruleid: csharp.cors-any-origin
        services.AddCors(o => o.AddPolicy("all", b => b.AllowAnyOrigin().AllowAnyHeader()));
        // ok: csharp.cors-any-origin
        services.AddCors(o => o.AddPolicy("app", b => b.WithOrigins("https://app.example.com")));
    }

    private static readonly byte[] IV = new byte[16];

    public byte[] EncryptCbc(byte[] data, byte[] key)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        // ruleid: csharp.static-iv
        aes.IV = IV;
        // ok: csharp.static-iv
        aes.GenerateIV();
        return aes.CreateEncryptor().TransformFinalBlock(data, 0, data.Length);
    }
}

public class ProtocolExamples
{
    public void Legacy()
    {
        // ruleid: csharp.weak-tls-protocol
        ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls | SecurityProtocolType.Tls12;
        // ok: csharp.weak-tls-protocol
        ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13;
    }
}

public class TempPermissionRegexExamples
{
    public string SaveTemp(string content)
    {
        // ruleid: csharp.insecure-temp-file
        var path = Path.Combine(Path.GetTempPath(), "report.txt");
        File.WriteAllText(path, content);
        // ruleid: csharp.insecure-temp-file
        File.WriteAllText("C:\\Temp\\report.txt", content);
        // ok: csharp.insecure-temp-file
        var own = Path.Combine(Directory.CreateTempSubdirectory().FullName, "report.txt");
        return path + own;
    }

    public void Share(string folder)
    {
        var security = new DirectorySecurity();
        // ruleid: csharp.insecure-file-permissions
        security.AddAccessRule(new FileSystemAccessRule("Everyone", FileSystemRights.FullControl, AccessControlType.Allow));
        // ok: csharp.insecure-file-permissions
        security.AddAccessRule(new FileSystemAccessRule("Everyone", FileSystemRights.Read, AccessControlType.Allow));
    }

    public bool Validate(string input)
    {
        // ruleid: csharp.regex-dos
        var nested = new Regex("^(a+)+$");
        // ok: csharp.regex-dos
        var simple = new Regex("^[a-z]+$");
        // ruleid: csharp.regex-dos
        var alternation = new Regex("^A(B|C+)+D");
        // ok: csharp.regex-dos
        var scheme = new Regex("^(https?|ftp)://[a-z.]+$");
        var pattern = @"^(\w+|-)+@example\.com$";
        // ruleid: csharp.regex-dos
        var viaVariable = Regex.Match(input, pattern);
        return nested.IsMatch(input) && simple.IsMatch(input);
    }
}

public class ErrorExamples : Controller
{
    public IActionResult Run()
    {
        try
        {
            return Ok(Work());
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "work failed");
            if (ex is TimeoutException)
            {
                // ok: csharp.stacktrace-exposure
                return StatusCode(503, "try again later");
            }
            // ruleid: csharp.stacktrace-exposure
            return BadRequest(ex.ToString());
        }
    }
}


public class MoreSamples : Controller
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public string Code(int length)
    {
        var rnd = new Random();
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            // ruleid: csharp.insecure-random-string
            chars[i] = Alphabet[rnd.Next(Alphabet.Length)];
        }
        return new string(chars);
    }

    public string Lambda(int length)
    {
        var rnd = new Random();
        // ruleid: csharp.insecure-random-string
        return new string(Enumerable.Repeat(Alphabet, length).Select(s => s[rnd.Next(s.Length)]).ToArray());
    }

    public string SecureCode(int length)
    {
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            // ok: csharp.insecure-random-string
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return new string(chars);
    }

    public byte[] Bytes()
    {
        var buffer = new byte[32];
        // ruleid: csharp.insecure-random-string
        new Random().NextBytes(buffer);
        return buffer;
    }

    public int Dice()
    {
        var rnd = new Random();
        // ok: csharp.insecure-random-string
        return rnd.Next(1, 7);
    }

    public void Issue(User user)
    {
        // ruleid: csharp.insecure-random
        int resetCode = new System.Random().Next(100000, 999999);
        // ok: csharp.insecure-random
        int delayMs = new Random().Next(100, 500);
        user.Reset(resetCode, delayMs);
    }

    public object Deserialize(string json, JavaScriptTypeResolver resolver, BinaryServerFormatterSinkProvider provider)
    {
        // ruleid: csharp.insecure-deserialization
        var serializer = new JavaScriptSerializer(resolver);
        // ok: csharp.insecure-deserialization
        var plain = new JavaScriptSerializer();
        // ruleid: csharp.insecure-deserialization
        provider.TypeFilterLevel = System.Runtime.Serialization.Formatters.TypeFilterLevel.Full;
        // ok: csharp.insecure-deserialization
        provider.TypeFilterLevel = TypeFilterLevel.Low;
        // ruleid: csharp.insecure-deserialization
        var pickler = FsPickler.CreateJsonSerializer();
        // ruleid: csharp.insecure-deserialization
        return JSON.ToObject(json, new JSONParameters { BadListTypeChecking = false });
    }

    public byte[] KeyExchange(RSA key, byte[] secret)
    {
        // ruleid: csharp.rsa-pkcs1-padding
        var formatter = new RSAPKCS1KeyExchangeFormatter(key);
        // ruleid: csharp.rsa-pkcs1-padding
        var weak = formatter.CreateKeyExchange(secret);
        // ok: csharp.rsa-pkcs1-padding
        var oaep = new RSAOAEPKeyExchangeFormatter(key);
        // ok: csharp.rsa-pkcs1-padding
        return oaep.CreateKeyExchange(secret);
    }

    public byte[] UnwrapKey(RSA key, byte[] wrapped)
    {
        // ruleid: csharp.rsa-pkcs1-padding
        RSAPKCS1KeyExchangeDeformatter deformatter = new RSAPKCS1KeyExchangeDeformatter(key);
        // ruleid: csharp.rsa-pkcs1-padding
        return deformatter.DecryptKeyExchange(wrapped);
    }

    public byte[] PredictableKey(byte[] plaintext)
    {
        // ruleid: csharp.insecure-random
        var rng = new Random();
        byte[] key = new byte[32];
        // ruleid: csharp.insecure-random, csharp.insecure-random-string
        rng.NextBytes(key);
        byte[] nonce = new byte[12];
        RandomNumberGenerator.Fill(nonce);
        // ruleid: csharp.weak-random-key
        using var gcm = new AesGcm(key, 16);
        using var aes = Aes.Create();
        // ruleid: csharp.weak-random-key
        aes.Key = key;
        // ok: csharp.weak-random-key
        aes.IV = nonce;
        return plaintext;
    }

    public void QualifiedGenerator()
    {
        var generator = new System.Random();
        byte[] secret = new byte[16];
        // ruleid: csharp.insecure-random-string
        generator.NextBytes(secret);
        // ruleid: csharp.weak-random-key
        var cipher = new ChaCha20Poly1305(secret);
    }

    public byte[] SealWithFreshKeyMaterial(byte[] plaintext)
    {
        byte[] key = RandomNumberGenerator.GetBytes(32);
        var jitter = new Random();
        Thread.Sleep(jitter.Next(100));
        // ok: csharp.weak-random-key
        using var gcm = new AesGcm(key, 16);
        // ok: csharp.weak-random-key
        using var chacha = new ChaCha20Poly1305(key);
        return plaintext;
    }

    // ruleid: csharp.request-validation-disabled
    [HttpPost]
    [ValidateInput(false)]
    public ActionResult Save(string content)
    {
        return View();
    }

    // ok: csharp.request-validation-disabled
    [HttpPost]
    [ValidateInput(true)]
    public ActionResult SaveChecked(string content)
    {
        return View();
    }

    public IHtmlContent Render(string comment, HtmlSanitizer sanitizer)
    {
        // ruleid: csharp.raw-html-output
        var raw = Html.Raw(comment);
        // ok: csharp.raw-html-output
        var fixedMarkup = Html.Raw("<br/>");
        // ok: csharp.raw-html-output
        var cleaned = new HtmlString(sanitizer.Sanitize(comment));
        // ruleid: csharp.raw-html-output
        return new HtmlString("<p>" + comment + "</p>");
    }
}

public class LoggingAndKeys
{
    public void Login(string user, string password, LoginRequest request)
    {
        // ruleid: csharp.sensitive-data-logged
        _logger.LogInformation("User {User} logged in with password {Password}", user, password);
        // ruleid: csharp.sensitive-data-logged
        Console.WriteLine("token: " + request.Token);
        // ok: csharp.sensitive-data-logged
        _logger.LogInformation("User {User} changed the password", user);
        // ok: csharp.sensitive-data-logged
        _logger.LogDebug("Token expires at {Expiry}", request.TokenExpiry);
    }

    public SigningCredentials Credentials(IConfiguration configuration)
    {
        // ruleid: csharp.hardcoded-credentials
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("my_super_secret_key_12345"));
        // ok: csharp.hardcoded-credentials
        var configured = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:Key"]));
        return new SigningCredentials(configured, SecurityAlgorithms.HmacSha256);
    }
}

public class BuiltCommandText
{
    public void Format(SqlConnection connection, string table)
    {
        SqlCommand command = connection.CreateCommand();
        // ruleid: csharp.sql-injection
        command.CommandText = string.Format("SELECT * FROM {0}", table);
    }

    public void Builder(SqlConnection connection, string table)
    {
        SqlCommand command = connection.CreateCommand();
        var sb = new StringBuilder("SELECT Id, Name");
        sb.AppendFormat(" FROM {0} ", table);
        // ruleid: csharp.sql-injection
        command.CommandText = sb.ToString();
    }

    public void Concat(SqlConnection connection, string table)
    {
        SqlCommand command = connection.CreateCommand();
        // ruleid: csharp.sql-injection
        command.CommandText = string.Concat("DELETE FROM ", table, " WHERE Id = 1");
    }

    public void Constant(SqlConnection connection)
    {
        SqlCommand command = connection.CreateCommand();
        var sb = new StringBuilder("SELECT Id FROM Users");
        sb.Append(" WHERE Active = 1");
        // ok: csharp.sql-injection
        command.CommandText = sb.ToString();
    }
}

public class Stylesheets
{
    public void Load(string path)
    {
        var xslt = new XslCompiledTransform();
        // ruleid: csharp.xslt-script-enabled
        xslt.Load(path, new XsltSettings(true, true), new XmlUrlResolver());
        // ok: csharp.xslt-script-enabled
        xslt.Load(path, XsltSettings.Default, null);
        // ok: csharp.xslt-script-enabled
        var documentOnly = new XsltSettings(true, false);
    }
}

public class FieldRandom
{
    private static readonly Random _random = new Random();

    public string NewInviteCode()
    {
        // ruleid: csharp.insecure-random
        return _random.Next(100000, 999999).ToString();
    }

    public int NextDelay()
    {
        // ok: csharp.insecure-random
        return _random.Next(100, 500);
    }
}


public class PayloadTypeResolver : DataContractResolver
{
    public override Type ResolveName(string typeName, string typeNamespace, Type declaredType, DataContractResolver knownTypeResolver)
    {
        // ruleid: csharp.custom-type-resolver
        return Type.GetType(typeName);
    }
}

public class AssemblyQualifiedResolver : DataContractResolver
{
    public override Type ResolveName(string name, string ns, Type declared, DataContractResolver known)
    {
        var asm = Assembly.Load(ns);
        // ruleid: csharp.custom-type-resolver
        return asm.GetType(name, true);
    }
}

// a resolver that maps names through its own fixed table is the remedy, not the weakness
public class AllowListResolver : DataContractResolver
{
    private static readonly Dictionary<string, Type> Known = new() { ["order"] = typeof(Order) };
    public override Type ResolveName(string typeName, string typeNamespace, Type declaredType, DataContractResolver knownTypeResolver)
    {
        // ok: csharp.custom-type-resolver
        return Known.TryGetValue(typeName, out var type) ? type : knownTypeResolver.ResolveName(typeName, typeNamespace, declaredType, null);
    }
    public override bool TryResolveType(Type type, Type declaredType, DataContractResolver knownTypeResolver, out XmlDictionaryString typeName, out XmlDictionaryString typeNamespace)
    {
        // ok: csharp.custom-type-resolver
        return knownTypeResolver.TryResolveType(type, declaredType, null, out typeName, out typeNamespace);
    }
}

// ok: csharp.custom-type-resolver
public class PayloadContract : DataContractSerializerSettings
{
}
