[HttpPost("preferences")]
public IActionResult SavePreferences(string culture)
{
    Response.Cookies.Append("culture", CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)));
    return Ok();
}
