public string Ping(string host)
{
    var psi = new ProcessStartInfo("cmd.exe", "/c ping " + host)
    {
        RedirectStandardOutput = true,
        UseShellExecute = false
    };
    using (var process = Process.Start(psi))
    {
        return process.StandardOutput.ReadToEnd();
    }
}
