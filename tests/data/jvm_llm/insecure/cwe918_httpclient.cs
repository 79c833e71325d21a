[HttpGet("proxy")]
public async Task<IActionResult> Proxy(string url)
{
    var response = await _httpClient.GetAsync(url);
    var content = await response.Content.ReadAsStringAsync();
    return Content(content);
}
