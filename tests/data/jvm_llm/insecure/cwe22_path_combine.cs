[HttpGet("download")]
public IActionResult Download(string fileName)
{
    var path = Path.Combine(_uploadFolder, fileName);
    var bytes = System.IO.File.ReadAllBytes(path);
    return File(bytes, "application/octet-stream");
}
