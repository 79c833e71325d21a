const path = require('path');

app.get('/download/:file', (req, res) => {
  const safeName = path.basename(req.params.file);
  res.sendFile(safeName, { root: path.join(__dirname, 'uploads') });
});
