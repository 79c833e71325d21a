public IActionResult Greet(string name)
{
    return Content("<h1>Hello " + name + "</h1>", "text/html");
}
