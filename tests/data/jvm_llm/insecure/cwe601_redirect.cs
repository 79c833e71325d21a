public IActionResult Login(string returnUrl)
{
    // ... sign in ...
    return Redirect(returnUrl);
}
