[HttpPost]
public IActionResult Transfer(int toAccount, decimal amount)
{
    _bank.Transfer(User.Identity.Name, toAccount, amount);
    return RedirectToAction("Index");
}
