app.post('/login', async (req, res) => {
  const user = await User.findOne({ username: req.body.username, password: req.body.password });
  if (!user) {
    return res.status(401).send('Invalid credentials');
  }
  req.session.userId = user._id;
  res.redirect('/dashboard');
});
