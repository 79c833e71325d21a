const express = require('express');
const { exec } = require('child_process');
const app = express();

// Ping a host and return the output
app.get('/ping', (req, res) => {
  const host = req.query.host;
  exec(`ping -c 4 ${host}`, (error, stdout, stderr) => {
    if (error) {
      return res.status(500).send(stderr);
    }
    res.send(`<pre>${stdout}</pre>`);
  });
});

app.listen(3000, () => console.log('Listening on 3000'));
