public IActionResult Login(string user)
{
    var token = _tokens.Issue(user);
    Response.Cookies.Append("session", token, new CookieOptions { HttpOnly = false, Secure = false });
    return RedirectToAction("Index");
}
