string name = Request.QueryString["name"];
Response.Write("<p>Welcome " + HttpUtility.HtmlEncode(name) + "</p>");
