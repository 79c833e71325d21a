app.get('/logout', (req, res) => {
  req.session.destroy();
  const returnUrl = req.query.returnUrl;
  res.redirect(returnUrl);
});
