const express = require('express');
const router = express.Router();

router.post('/transform', (req, res) => {
  const { code, data } = req.body;
  // Let users supply a custom transform function body
  const transform = new Function('data', code);
  res.json(transform(data));
});

module.exports = router;
