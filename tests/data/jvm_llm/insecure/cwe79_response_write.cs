protected void Page_Load(object sender, EventArgs e)
{
    string name = Request.QueryString["name"];
    Response.Write("<p>Welcome " + name + "</p>");
}
