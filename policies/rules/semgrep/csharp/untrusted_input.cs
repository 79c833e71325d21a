using System;
using System.Diagnostics;
using System.DirectoryServices;
using System.IO;
using System.IO.Compression;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml;
using Microsoft.AspNetCore.Mvc;

// Minimal-API handlers: their string parameters come from the route or the query string
app.MapGet("/files/{name}", (string name) =>
{
    var path = Path.Combine("/var/data", name);
    // ruleid: csharp.path-traversal-untrusted
    return Results.File(path);
});
// ruleid: csharp.open-redirect-untrusted
app.MapGet("/go", (string target) => Results.Redirect(target));
// ok: csharp.open-redirect-untrusted
app.MapGet("/home", (string target) => Results.Redirect("/"));
app.MapGet("/proxy", async (string url, HttpClient client) =>
{
    // ruleid: csharp.ssrf-untrusted
    return Results.Content(await client.GetStringAsync(url));
});
var names = new List<string> { "a.txt" };
// ok: csharp.path-traversal-untrusted
names.ForEach((string n) => File.Delete(n));

public class UntrustedInputExamples : Controller
{
    private static readonly string BaseDir = "/var/app/files";
    private static readonly string[] AllowedHosts = { "api.example.com" };
    private static readonly string[] Plugins = { "Reports.CsvExport" };

    // --- path traversal ---

    public IActionResult Download(string fileName)
    {
        var path = Path.Combine(BaseDir, "files", fileName);
        // ruleid: csharp.path-traversal-untrusted
        var bytes = System.IO.File.ReadAllBytes(path);
        return File(bytes, "application/octet-stream");
    }

    public string ReadLog(string name)
    {
        // ruleid: csharp.path-traversal-untrusted
        return File.ReadAllText("/var/log/app/" + name);
    }

    public string ReadNameOnly(string name)
    {
        // ok: csharp.path-traversal-untrusted
        return File.ReadAllText(Path.Combine(BaseDir, Path.GetFileName(name)));
    }

    public string ReadChecked(string name)
    {
        var full = Path.GetFullPath(Path.Combine(BaseDir, name));
        if (!full.StartsWith(BaseDir + Path.DirectorySeparatorChar))
        {
            throw new UnauthorizedAccessException();
        }
        // ok: csharp.path-traversal-untrusted
        return File.ReadAllText(full);
    }

    public string ReadConfig()
    {
        // ok: csharp.path-traversal-untrusted
        return File.ReadAllText("appsettings.json");
    }

    public void Extract(string zipPath, string dest)
    {
        using ZipArchive archive = ZipFile.OpenRead(zipPath);
        foreach (ZipArchiveEntry entry in archive.Entries)
        {
            string destinationPath = Path.Combine(dest, entry.FullName);
            // ruleid: csharp.path-traversal-untrusted
            entry.ExtractToFile(destinationPath, true);
        }
    }

    // --- SSRF ---

    public async Task<string> Fetch(string url)
    {
        using var client = new HttpClient();
        // ruleid: csharp.ssrf-untrusted
        return await client.GetStringAsync(url);
    }

    public string DownloadPage(string url)
    {
        // ruleid: csharp.ssrf-untrusted
        WebRequest request = WebRequest.Create(url);
        using var response = request.GetResponse();
        return response.ContentType;
    }

    public string ReadFeed(Uri feed)
    {
        var client = new WebClient();
        // ruleid: csharp.ssrf-untrusted
        using Stream data = client.OpenRead(feed);
        // ok: csharp.ssrf-untrusted
        using Stream logo = client.OpenRead("https://cdn.example.com/logo.png");
        return new StreamReader(data).ReadToEnd();
    }

    public string CallService(string baseUrl)
    {
        // ruleid: csharp.ssrf-untrusted
        var client = new RestClient(baseUrl);
        // ok: csharp.ssrf-untrusted
        var fixedClient = new RestClient("https://api.example.com");
        return client.Get(new RestRequest("/")).Content + fixedClient.BaseUrl;
    }

    public async Task<string> FetchAllowed(string url)
    {
        var uri = new Uri(url);
        if (!Array.Exists(AllowedHosts, h => h == uri.Host))
        {
            throw new ArgumentException("host not allowed");
        }
        using var client = new HttpClient();
        // ok: csharp.ssrf-untrusted
        return await client.GetStringAsync(uri);
    }

    public async Task<string> Weather(string city)
    {
        using var client = new HttpClient();
        // ok: csharp.ssrf-untrusted
        return await client.GetStringAsync("https://api.weather.example/v1?city=" + Uri.EscapeDataString(city));
    }

    public async Task<string> Status()
    {
        using var client = new HttpClient();
        // ok: csharp.ssrf-untrusted
        return await client.GetStringAsync("https://api.example.com/status");
    }

    // --- LDAP and XPath ---

    public SearchResult FindUser(string username)
    {
        var searcher = new DirectorySearcher(new DirectoryEntry("LDAP://dc=example,dc=com"));
        // ruleid: csharp.ldap-injection-untrusted
        searcher.Filter = "(&(objectClass=user)(sAMAccountName=" + username + "))";
        return searcher.FindOne();
    }

    public SearchResult FindAdmins()
    {
        var searcher = new DirectorySearcher(new DirectoryEntry("LDAP://dc=example,dc=com"));
        // ok: csharp.ldap-injection-untrusted
        searcher.Filter = "(&(objectClass=group)(cn=Admins))";
        return searcher.FindOne();
    }

    public bool Authenticate(XmlDocument doc, string user, string pass)
    {
        string query = "//users/user[name='" + user + "' and password='" + pass + "']";
        // ruleid: csharp.xpath-injection-untrusted
        return doc.SelectSingleNode(query) != null;
    }

    public XPathNodeIterator SearchTags(XmlDocument doc, string tag)
    {
        XPathNavigator nav = doc.CreateNavigator();
        // ruleid: csharp.xpath-injection-untrusted
        XPathExpression expr = nav.Compile("//item[tags[contains(text(),'" + tag + "')]]");
        // ok: csharp.xpath-injection-untrusted
        XPathExpression all = nav.Compile("//item[@public='true']");
        return nav.Select(all);
    }

    public int CountUsers(XmlDocument doc)
    {
        // ok: csharp.xpath-injection-untrusted
        return doc.SelectNodes("//users/user").Count;
    }

    // --- XSS ---

    public IActionResult Greet(string name)
    {
        // ruleid: csharp.xss-untrusted
        return Content("<html><body><h1>Hello " + name + "</h1></body></html>", "text/html");
    }

    public IActionResult GreetEncoded(string name)
    {
        // ok: csharp.xss-untrusted
        return Content("<h1>Hello " + HtmlEncoder.Default.Encode(name) + "</h1>", "text/html");
    }

    public void PageLoad()
    {
        string name = Request.Query["name"];
        // ruleid: csharp.xss-untrusted
        Response.WriteAsync("<p>Welcome, " + name + "</p>");
        // ok: csharp.xss-untrusted
        Response.WriteAsync("<p>Welcome, " + WebUtility.HtmlEncode(name) + "</p>");
    }

    // --- commands ---

    public static string RunCommand(string command)
    {
        var process = new Process();
        process.StartInfo.FileName = "cmd.exe";
        // ruleid: csharp.command-injection-untrusted
        process.StartInfo.Arguments = command;
        process.Start();
        return process.StandardOutput.ReadToEnd();
    }

    public void OpenFile(string fileName)
    {
        // ruleid: csharp.command-injection-untrusted
        Process.Start(fileName);
    }

    public void RunTool(string tool)
    {
        var process = new Process();
        // ruleid: csharp.command-injection-untrusted
        process.StartInfo.FileName = tool;
        process.StartInfo.UseShellExecute = false;
        // ruleid: csharp.command-injection-untrusted
        process.Start();
        var timer = new System.Diagnostics.Stopwatch();
        // ok: csharp.command-injection-untrusted
        timer.Start();
    }

    public void RunInitialized(string tool)
    {
        // ruleid: csharp.command-injection-untrusted
        var process = new Process { StartInfo = new ProcessStartInfo { FileName = tool } };
        // ruleid: csharp.command-injection-untrusted
        process.Start();
    }

    public void RunFixed(string ignored)
    {
        var process = new Process();
        process.StartInfo.FileName = "dotnet";
        process.StartInfo.ArgumentList.Add("--info");
        // ok: csharp.command-injection-untrusted
        process.Start();
    }

    public void Ping(string host)
    {
        var psi = new ProcessStartInfo("ping") { UseShellExecute = false };
        psi.ArgumentList.Add(host);
        // ok: csharp.command-injection-untrusted
        Process.Start(psi);
        // ok: csharp.command-injection-untrusted
        Process.Start("notepad.exe");
    }

    // --- reflection and regular expressions ---

    public object CreatePlugin(string typeName)
    {
        // ruleid: csharp.unsafe-reflection
        Type t = Type.GetType(typeName);
        return Activator.CreateInstance(t);
    }

    public object CreateAllowedPlugin(string typeName)
    {
        if (!Array.Exists(Plugins, p => p == typeName)) throw new ArgumentException(typeName);
        // ok: csharp.unsafe-reflection
        return Activator.CreateInstance(Type.GetType(typeName));
    }

    public void LoadPlugin(string path)
    {
        // ruleid: csharp.unsafe-reflection
        Assembly asm = Assembly.LoadFrom(path);
        // ok: csharp.unsafe-reflection
        Assembly own = Assembly.Load("MyApp.Plugins");
    }

    public bool Matches(string input, string pattern)
    {
        // ruleid: csharp.regex-injection
        var regex = new Regex(pattern);
        // ok: csharp.regex-injection
        var safe = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
        // ok: csharp.regex-injection
        var escaped = new Regex(Regex.Escape(pattern));
        // ruleid: csharp.regex-injection
        return regex.IsMatch(input) && Regex.IsMatch(input, pattern) && safe.IsMatch(input);
    }
}

public class UploadsAndPrograms : Controller
{
    [HttpPost]
    public async Task<IActionResult> Upload(IFormFile file)
    {
        var path = Path.Combine("uploads", file.FileName);
        // ruleid: csharp.path-traversal-untrusted
        using var stream = new FileStream(path, FileMode.Create);
        await file.CopyToAsync(stream);
        return Ok();
    }

    [HttpPost]
    public async Task<IActionResult> UploadSafe(IFormFile file)
    {
        var path = Path.Combine("uploads", Path.GetFileName(file.FileName));
        // ok: csharp.path-traversal-untrusted
        using var stream = new FileStream(path, FileMode.Create);
        await file.CopyToAsync(stream);
        return Ok();
    }

    static void Main(string[] args)
    {
        // ruleid: csharp.path-traversal-untrusted
        Console.WriteLine(File.ReadAllText(args[0]));
    }
}

public class RedirectExamples : Controller
{
    public void Legacy()
    {
        string url = Request.Query["url"];
        // ruleid: csharp.open-redirect-untrusted
        Response.Redirect(url);
    }

    public IActionResult Back(string returnUrl)
    {
        if (Url.IsLocalUrl(returnUrl))
        {
            // ok: csharp.open-redirect-untrusted
            return Redirect(returnUrl);
        }
        // ok: csharp.open-redirect-untrusted
        return Redirect("/");
    }

    public IActionResult LogOn(string returnUrl)
    {
        if (IsLocalUrl(returnUrl))
        {
            // ok: csharp.open-redirect-untrusted
            return Redirect(returnUrl);
        }
        // ruleid: csharp.open-redirect-untrusted
        return Redirect(returnUrl);
    }
}

public class SqlFromCallers
{
    public SqlDataReader Run(SqlConnection conn, string sql)
    {
        // ruleid: csharp.sql-injection-untrusted
        var cmd = new SqlCommand(sql, conn);
        return cmd.ExecuteReader();
    }

    public int RunBound(SqlConnection conn, string sql, string name)
    {
        // ok: csharp.sql-injection-untrusted
        var cmd = new SqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("@name", name);
        return cmd.ExecuteNonQuery();
    }

    public int Fixed(SqlConnection conn, string name)
    {
        // ok: csharp.sql-injection-untrusted
        var cmd = new SqlCommand("SELECT COUNT(*) FROM Users", conn);
        return (int)cmd.ExecuteScalar();
    }

    public void Raw(AppDb db)
    {
        var sql = Environment.GetEnvironmentVariable("CLEANUP_SQL");
        // ruleid: csharp.sql-injection-untrusted
        db.Database.ExecuteSqlRaw(sql);
    }
}

