app.post('/login', async (req, res) => {
  const username = String(req.body.username);
  const user = await User.findOne({ username });
  if (!user || !(await bcrypt.compare(String(req.body.password), user.passwordHash))) {
    return res.status(401).send('Invalid credentials');
  }
  req.session.userId = user._id;
  res.redirect('/dashboard');
});
