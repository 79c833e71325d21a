[HttpGet("download")]
public IActionResult Download(string fileName)
{
    var safeName = Path.GetFileName(fileName);
    var path = Path.Combine(_uploadFolder, safeName);
    return PhysicalFile(path, "application/octet-stream");
}
