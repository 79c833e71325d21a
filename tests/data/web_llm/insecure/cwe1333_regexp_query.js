app.get('/search', (req, res) => {
  const pattern = new RegExp(req.query.q, 'i');
  const matches = products.filter(p => pattern.test(p.name));
  res.json(matches);
});
