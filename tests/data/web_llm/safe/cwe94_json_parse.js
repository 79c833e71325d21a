app.post('/api/data', (req, res) => {
  let payload;
  try {
    payload = JSON.parse(req.body.raw);
  } catch (e) {
    return res.status(400).json({ error: 'Invalid JSON' });
  }
  res.json({ keys: Object.keys(payload) });
});
