public class AccountController : Controller
{
    [HttpPost]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> ChangeEmail(string newEmail)
    {
        var user = await _userManager.GetUserAsync(User);
        user.Email = newEmail;
        await _userManager.UpdateAsync(user);
        return RedirectToAction("Index");
    }
}
