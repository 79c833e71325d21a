using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


using System.IO;

public class FilesController : Controller
{
    [HttpGet("files/{name}")]
    public IActionResult Get(string name)
    {
        var path = Path.Combine("/srv/uploads", Path.GetFileName(name));
        return PhysicalFile(path, "application/octet-stream");
    }
}
