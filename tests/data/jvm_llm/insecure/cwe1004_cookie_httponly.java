Cookie cookie = new Cookie("JSESSIONID", session.getId());
cookie.setSecure(true);
response.addCookie(cookie);
