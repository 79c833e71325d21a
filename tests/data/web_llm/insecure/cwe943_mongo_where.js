app.post('/api/login', async (req, res) => {
  const { username, password } = req.body;
  const user = await db.collection('users').findOne({
    $where: `this.username == '${username}' && this.password == '${password}'`
  });
  if (user) return res.json({ ok: true });
  res.status(401).json({ ok: false });
});
