HttpCookie cookie = new HttpCookie("AuthToken", token);
cookie.HttpOnly = false;
Response.Cookies.Add(cookie);
