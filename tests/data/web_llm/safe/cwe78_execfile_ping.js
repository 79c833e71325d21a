const { execFile } = require('child_process');

app.get('/ping', (req, res) => {
  const host = req.query.host;
  if (!/^[a-zA-Z0-9.-]+$/.test(host)) {
    return res.status(400).send('Invalid host');
  }
  execFile('ping', ['-c', '4', host], (error, stdout) => {
    if (error) return res.status(500).send('Ping failed');
    res.type('text/plain').send(stdout);
  });
});
