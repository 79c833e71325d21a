app.post("/login", (req, res) => {
  // ruleid: javascript.log-injection
  console.log("Login attempt for user: " + req.body.username);
  // ruleid: javascript.log-injection
  logger.warn(`Failed login for ${req.body.username}`);
  // ok: javascript.log-injection
  logger.warn({ user: req.body.username }, "Failed login");
  // ok: javascript.log-injection
  console.log("Login attempt for user: " + JSON.stringify(req.body.username));
  // ok: javascript.log-injection
  console.log("Login attempt for user: " + req.body.username.replace(/[\r\n]/g, ""));
  // ok: javascript.log-injection
  console.log("Server started");
  res.send("ok");
});
