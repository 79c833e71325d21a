const express = require('express');
const fs = require('fs');
const path = require('path');
const app = express();
const BASE = '/srv/files';

app.get('/files', (req, res) => {
  // ruleid: typescript.path-built-from-request
  const file = path.join(BASE, req.query.name);
  extractFile(file);
  // ruleid: typescript.path-built-from-request
  createFile({ filePath: path.resolve(BASE, req.body.target) });
  // ok: typescript.path-built-from-request
  const safe = path.join(BASE, path.basename(req.query.name));
  // ok: typescript.path-built-from-request
  const fixed = path.join(BASE, 'index.html');
  res.send(fs.readFileSync(safe) + fixed);
});

app.get('/download/:name', (req, res) => {
  // ok: typescript.path-built-from-request
  const target = path.resolve(BASE, req.params.name);
  if (!target.startsWith(BASE + path.sep)) {
    return res.status(403).end();
  }
  res.sendFile(target);
});

app.get('/stripped', (req, res) => {
  let rel = req.body.path;
  rel = rel.replace(/^(\.\.(\/|\|$))+/, '');
  // ok: typescript.path-built-from-request
  const p = path.join(BASE, rel);
  // ok: typescript.path-built-from-request
  const q = path.join(BASE, sanitizeFilename(req.body.other));
  // ok: typescript.path-built-from-request
  const r = path.join(BASE, req.body.third);
  if (r.indexOf(BASE) !== 0) {
    return res.status(403).end();
  }
  res.sendFile(p + q + r);
});

app.get('/raw', (req, res) => {
  const name = req.query.name;
  if (name.includes('..') || name.includes('/')) return res.status(400).end();
  // ok: typescript.path-built-from-request
  const p = path.join(BASE, name);
  res.sendFile(p);
});
