const { spawn } = require('child_process');
app.post('/backup', (req, res) => {
  const proc = spawn(`tar -czf /backups/${req.body.name}.tgz /data`, { shell: true });
  proc.on('close', code => res.json({ code }));
});
