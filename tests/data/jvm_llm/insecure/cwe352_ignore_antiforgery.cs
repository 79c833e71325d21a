[HttpPost]
[IgnoreAntiforgeryToken]
public IActionResult Transfer(TransferModel model)
{
    _bank.Transfer(model.From, model.To, model.Amount);
    return Ok();
}
