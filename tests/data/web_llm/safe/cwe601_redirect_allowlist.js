const ALLOWED_PATHS = new Set(['/', '/dashboard', '/profile']);

app.get('/logout', (req, res) => {
  req.session.destroy();
  const target = ALLOWED_PATHS.has(req.query.returnUrl) ? req.query.returnUrl : '/';
  res.redirect(target);
});
