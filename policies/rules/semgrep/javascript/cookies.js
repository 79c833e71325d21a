const express = require("express");
const session = require("express-session");
const app = express();

app.post("/login", (req, res) => {
  const sessionId = createSession(req.body.user);
  // ruleid: javascript.cookie-missing-flags
  res.cookie("session", sessionId);
  // ruleid: javascript.cookie-missing-flags
  res.cookie("session", sessionId, { httpOnly: false });
  // ruleid: javascript.cookie-missing-flags
  res.cookie("session", sessionId, { maxAge: 3600000 });
  // ruleid: javascript.cookie-missing-flags
  res.cookie("session", sessionId, { httpOnly: true, secure: false });
  // ok: javascript.cookie-missing-flags
  res.cookie("session", sessionId, { httpOnly: true, secure: true, sameSite: "lax" });
  // ok: javascript.cookie-missing-flags
  res.cookie("session", sessionId, cookieOptions);
  res.send("ok");
});

app.post("/logout", (req, res) => {
  // ok: javascript.cookie-missing-flags
  res.cookie("session", "", { maxAge: 0 });
  res.send("bye");
});

app.use(
  // ruleid: javascript.cookie-missing-flags
  session({ secret: process.env.SESSION_SECRET, cookie: { secure: false } })
);
// ok: javascript.cookie-missing-flags
app.use(session({ secret: process.env.SESSION_SECRET, cookie: { secure: true, httpOnly: true } }));
