function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

app.get('/search', (req, res) => {
  const pattern = new RegExp(escapeRegExp(String(req.query.q)), 'i');
  res.json(products.filter(p => pattern.test(p.name)));
});
