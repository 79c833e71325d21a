function convertImage(req, res) {
  const { filename, format } = req.body;
  const output = require('child_process').execSync('convert uploads/' + filename + ' out.' + format);
  res.json({ ok: true, log: output.toString() });
}
