[HttpPost("login")]
public async Task<IActionResult> Login(LoginRequest request)
{
    var user = await _users.ValidateAsync(request.Username, request.Password);
    if (user == null) return Unauthorized();
    var token = _tokens.Create(user);
    Response.Cookies.Append("jwt", token);
    return Ok();
}
