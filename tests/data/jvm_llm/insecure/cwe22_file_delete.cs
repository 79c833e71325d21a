[HttpDelete("files/{name}")]
public IActionResult Delete(string name)
{
    System.IO.File.Delete(Path.Combine(_root, name));
    return NoContent();
}
