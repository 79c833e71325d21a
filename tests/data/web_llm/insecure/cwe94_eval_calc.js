app.post('/api/calculate', (req, res) => {
  const expression = req.body.expression;
  try {
    const result = eval(expression);
    res.json({ result });
  } catch (e) {
    res.status(400).json({ error: 'Invalid expression' });
  }
});
