using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


using System.Diagnostics;

public class NetworkController : Controller
{
    public IActionResult Ping(string host)
    {
        var p = Process.Start("cmd.exe", "/c ping -n 1 " + host);
        p.WaitForExit();
        return Ok(p.ExitCode);
    }
}
