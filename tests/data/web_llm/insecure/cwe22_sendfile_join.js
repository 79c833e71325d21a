const path = require('path');

app.get('/download/:file', (req, res) => {
  const filePath = path.join(__dirname, 'uploads', req.params.file);
  res.sendFile(filePath);
});
