public async Task<IActionResult> OnPostAsync(string returnUrl = null)
{
    if (!ModelState.IsValid) return Page();
    var result = await _signInManager.PasswordSignInAsync(Input.Email, Input.Password, Input.RememberMe, lockoutOnFailure: true);
    if (result.Succeeded) return LocalRedirect(returnUrl ?? "/");
    if (result.IsLockedOut) return RedirectToPage("./Lockout");
    ModelState.AddModelError(string.Empty, "Invalid login attempt.");
    return Page();
}
