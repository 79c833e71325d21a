const express = require("express");
const session = require("express-session");
const app = express();

app.post("/login", (req, res) => {
  const sessionId = createSession(req.body.user);
  // ruleid: typescript.cookie-missing-flags
  res.cookie("session", sessionId);
  // ruleid: typescript.cookie-missing-flags
  res.cookie("session", sessionId, { httpOnly: false });
  // ruleid: typescript.cookie-missing-flags
  res.cookie("session", sessionId, { maxAge: 3600000 });
  // ruleid: typescript.cookie-missing-flags
  res.cookie("session", sessionId, { httpOnly: true, secure: false });
  // ok: typescript.cookie-missing-flags
  res.cookie("session", sessionId, { httpOnly: true, secure: true, sameSite: "lax" });
  // ok: typescript.cookie-missing-flags
  res.cookie("session", sessionId, cookieOptions);
  res.send("ok");
});

app.post("/logout", (req, res) => {
  // ok: typescript.cookie-missing-flags
  res.cookie("session", "", { maxAge: 0 });
  res.send("bye");
});

app.use(
  // ruleid: typescript.cookie-missing-flags
  session({ secret: process.env.SESSION_SECRET, cookie: { secure: false } })
);
// ok: typescript.cookie-missing-flags
app.use(session({ secret: process.env.SESSION_SECRET, cookie: { secure: true, httpOnly: true } }));
