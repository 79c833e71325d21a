const libxmljs = require('libxmljs');

app.post('/import', (req, res) => {
  const doc = libxmljs.parseXml(req.body.xml, { noent: true });
  const items = doc.find('//item').map(n => n.text());
  res.json(items);
});
