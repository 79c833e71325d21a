const yaml = require('js-yaml');

app.post('/config', (req, res) => {
  const config = yaml.load(req.body, { schema: yaml.DEFAULT_FULL_SCHEMA });
  res.json(config);
});
