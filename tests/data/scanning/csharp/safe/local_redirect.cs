using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


public class AccountController : Controller
{
    [HttpPost]
    [ValidateAntiForgeryToken]
    public IActionResult Login(LoginModel model, string returnUrl)
    {
        if (!ModelState.IsValid) return View(model);
        return LocalRedirect(returnUrl ?? "/");
    }
}
