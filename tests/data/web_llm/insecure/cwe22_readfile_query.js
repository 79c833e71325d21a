const fs = require('fs');
const path = require('path');

app.get('/view', (req, res) => {
  const name = req.query.name;
  fs.readFile(path.join('./documents', name), 'utf8', (err, data) => {
    if (err) return res.status(404).send('Not found');
    res.send(data);
  });
});
