public ActionResult Callback()
{
    var target = Request.QueryString["returnUrl"];
    return Redirect(target);
}
