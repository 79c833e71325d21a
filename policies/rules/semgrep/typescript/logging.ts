app.post("/login", (req, res) => {
  // ruleid: typescript.log-injection
  console.log("Login attempt for user: " + req.body.username);
  // ruleid: typescript.log-injection
  logger.warn(`Failed login for ${req.body.username}`);
  // ok: typescript.log-injection
  logger.warn({ user: req.body.username }, "Failed login");
  // ok: typescript.log-injection
  console.log("Login attempt for user: " + JSON.stringify(req.body.username));
  // ok: typescript.log-injection
  console.log("Login attempt for user: " + req.body.username.replace(/[\r\n]/g, ""));
  // ok: typescript.log-injection
  console.log("Server started");
  res.send("ok");
});
