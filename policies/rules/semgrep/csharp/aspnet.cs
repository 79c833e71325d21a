using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

// An action method answered without its controller class
// ruleid: csharp.antiforgery-missing
[HttpPost]
public IActionResult Transfer(int toAccount, decimal amount)
{
    _bank.Transfer(User.Identity.Name, toAccount, amount);
    return RedirectToAction("Index");
}

// ok: csharp.antiforgery-missing
[HttpPost]
public IActionResult CreateOrder(Order order)
{
    _orders.Add(order);
    return Ok(order);
}

// ok: csharp.antiforgery-missing
[HttpPost]
[ValidateAntiForgeryToken]
public IActionResult Withdraw(decimal amount)
{
    _bank.Withdraw(User.Identity.Name, amount);
    return RedirectToAction("Index");
}

public class OrdersController : Controller
{
    public IActionResult Index()
    {
        return View();
    }

    // ruleid: csharp.antiforgery-missing
    [HttpPost]
    public IActionResult Create(Order order)
    {
        _orders.Add(order);
        return RedirectToAction("Index");
    }

    // ruleid: csharp.antiforgery-missing
    [HttpDelete("{id}")]
    [Authorize]
    public async Task<IActionResult> Delete(int id)
    {
        await _orders.RemoveAsync(id);
        return Ok();
    }

    // ok: csharp.antiforgery-missing
    [HttpPost]
    [ValidateAntiForgeryToken]
    public IActionResult Update(Order order)
    {
        _orders.Update(order);
        return RedirectToAction("Index");
    }

    // ok: csharp.antiforgery-missing
    [ValidateAntiForgeryToken]
    [HttpPut]
    public IActionResult Replace(Order order)
    {
        _orders.Update(order);
        return RedirectToAction("Index");
    }

    // ok: csharp.antiforgery-missing
    [HttpPost]
    [Consumes("application/json")]
    public IActionResult Import([FromBody] Order order)
    {
        _orders.Add(order);
        return Ok();
    }

    // ok: csharp.antiforgery-missing
    [HttpPut]
    [Consumes(MediaTypeNames.Application.Json)]
    public IActionResult Replace([FromBody] Order order)
    {
        _orders.Replace(order);
        return Ok();
    }

    // a form content type is what a cross-site form sends: no protection
    // ruleid: csharp.antiforgery-missing
    [HttpPost]
    [Consumes("application/x-www-form-urlencoded")]
    public IActionResult Transfer(string to, decimal amount)
    {
        _orders.Transfer(to, amount);
        return View("Done");
    }

    // ok: csharp.antiforgery-missing
    [HttpGet]
    public IActionResult Details(int id)
    {
        return View(_orders.Find(id));
    }
}

[ApiController]
[Route("api/orders")]
public class OrdersApiController : ControllerBase
{
    // ok: csharp.antiforgery-missing
    [HttpPost]
    public IActionResult Create(Order order)
    {
        return Ok(order);
    }
}

[AutoValidateAntiforgeryToken]
public class ProfileController : Controller
{
    // ok: csharp.antiforgery-missing
    [HttpPost]
    public IActionResult Save(Profile profile)
    {
        return View(profile);
    }
}

[IgnoreAntiforgeryToken]
public class WebhookController : Controller
{
    // ok: csharp.antiforgery-missing
    [HttpPost]
    public IActionResult Receive(string payload)
    {
        return View();
    }
}

public class Startup
{
    public void ConfigureServices(IServiceCollection services)
    {
        // ruleid: csharp.directory-browsing-enabled
        services.AddDirectoryBrowser();
        // ok: csharp.directory-browsing-enabled
        services.AddRazorPages();
    }

    public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
    {
        // ok: csharp.directory-browsing-enabled
        app.UseStaticFiles();
        // ruleid: csharp.directory-browsing-enabled
        app.UseDirectoryBrowser(new DirectoryBrowserOptions
        {
            RequestPath = "/files"
        });
        // ruleid: csharp.directory-browsing-enabled
        app.UseFileServer(new FileServerOptions { EnableDirectoryBrowsing = true });
        // ok: csharp.directory-browsing-enabled
        app.UseFileServer(new FileServerOptions { EnableDirectoryBrowsing = false });
    }

    public void ConfigureProduction(IApplicationBuilder app, IWebHostEnvironment env)
    {
        if (!env.IsDevelopment())
        {
            // ruleid: csharp.developer-page-in-production
            app.UseDeveloperExceptionPage();
        }
        else
        {
            app.UseExceptionHandler("/Error");
        }
        if (env.IsProduction())
            // ruleid: csharp.developer-page-in-production
            app.UseDeveloperExceptionPage();
    }

    public void ConfigureDevelopment(IApplicationBuilder app, IWebHostEnvironment env)
    {
        if (env.IsDevelopment())
        {
            // ok: csharp.developer-page-in-production
            app.UseDeveloperExceptionPage();
        }
        else
        {
            app.UseExceptionHandler("/Error");
        }
        if (env.IsDevelopment())
            // ok: csharp.developer-page-in-production
            app.UseDeveloperExceptionPage();
    }
}

public class LoginModel : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        // ruleid: csharp.login-lockout-disabled
        var result = await _signInManager.PasswordSignInAsync(Input.Email,
            Input.Password, Input.RememberMe,
            lockoutOnFailure: false);
        // ruleid: csharp.login-lockout-disabled
        var legacy = await _signInManager.PasswordSignInAsync(Input.Email, Input.Password, false, false);
        // ok: csharp.login-lockout-disabled
        var locked = await _signInManager.PasswordSignInAsync(Input.Email,
            Input.Password, Input.RememberMe,
            lockoutOnFailure: true);
        // ok: csharp.login-lockout-disabled
        var checkedOnce = await _signInManager.CheckPasswordSignInAsync(user, Input.Password, true);
        return Page();
    }
}

public class Listener
{
    public void Start()
    {
        HttpListener listener = new HttpListener();
        // ruleid: csharp.http-listener-wildcard
        listener.Prefixes.Add("http://*:8080/");
        // ruleid: csharp.http-listener-wildcard
        listener.Prefixes.Add("https://+:8443/");
        // ruleid: csharp.http-listener-wildcard
        listener.Prefixes.Add("http://*.com:8080/");
        // ok: csharp.http-listener-wildcard
        listener.Prefixes.Add("http://*.api.example.com:8080/");
        // ok: csharp.http-listener-wildcard
        listener.Prefixes.Add("http://localhost:8080/");
        // ok: csharp.http-listener-wildcard
        listener.Prefixes.Add("https://0.0.0.0:8443/");
        listener.Start();
    }
}

public class TemplatesController : Controller
{
    [ValidateAntiForgeryToken]
    [HttpPost]
    public ActionResult Preview(string name, string razorTpl)
    {
        // ruleid: csharp.razor-template-injection
        ViewBag.Rendered = Razor.Parse(razorTpl);
        // ok: csharp.razor-template-injection
        ViewBag.Greeting = Engine.Razor.RunCompile(LoadTemplate("greeting.cshtml"), "greeting", null, new { Name = name });
        // ok: csharp.razor-template-injection
        ViewBag.Fixed = Razor.Parse("Hello @Model.Name", new { Name = name });
        // ruleid: csharp.razor-template-injection
        ViewBag.Direct = Razor.Parse(Request.Form["template"]);
        return View();
    }
}


public class CookieExamples : Controller
{
    public IActionResult SignedIn(string token, string theme)
    {
        // ruleid: csharp.session-cookie-default-options
        Response.Cookies.Append("AuthToken", token);
        // ruleid: csharp.session-cookie-default-options
        HttpContext.Response.Cookies.Append("session_id", token);
        // ok: csharp.session-cookie-default-options
        Response.Cookies.Append("AuthToken", token, new CookieOptions { HttpOnly = true, Secure = true });
        // ok: csharp.session-cookie-default-options
        Response.Cookies.Append("theme", theme);
        // the double-submit token for a SPA: page scripts read it by design
        // ok: csharp.session-cookie-default-options
        Response.Cookies.Append("XSRF-TOKEN", token);
        return Ok();
    }
}
