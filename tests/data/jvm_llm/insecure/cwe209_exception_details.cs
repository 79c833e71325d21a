[HttpGet("{id}")]
public IActionResult Get(int id)
{
    try
    {
        return Ok(_service.Load(id));
    }
    catch (Exception ex)
    {
        return StatusCode(500, ex.ToString());
    }
}
