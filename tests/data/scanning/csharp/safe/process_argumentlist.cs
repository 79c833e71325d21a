using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


using System.Diagnostics;

public class NetworkController : Controller
{
    public IActionResult Ping(string host)
    {
        var psi = new ProcessStartInfo("ping") { UseShellExecute = false };
        psi.ArgumentList.Add("-n");
        psi.ArgumentList.Add("1");
        psi.ArgumentList.Add(host);
        using var p = Process.Start(psi);
        p.WaitForExit();
        return Ok(p.ExitCode);
    }
}
