app.post('/restore', (req, res) => {
  const state = eval('(' + req.body.state + ')');
  res.json(state);
});
