[HttpPost]
[ValidateInput(false)]
public ActionResult Save(string content)
{
    _repository.Save(content);
    return View();
}
