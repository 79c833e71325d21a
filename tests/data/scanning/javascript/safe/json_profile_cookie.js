const express = require("express");
const cookieParser = require("cookie-parser");

const app = express();
app.use(cookieParser(process.env.COOKIE_SECRET));

app.get("/", (req, res) => {
  const raw = req.signedCookies.profile;
  if (raw) {
    const profile = JSON.parse(raw);
    return res.json({ welcome: profile.username });
  }
  res.json({ welcome: null });
});
