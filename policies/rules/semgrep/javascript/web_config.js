const express = require('express');
const Ajv = require('ajv');
const app = express();
const ALLOWED_ORIGINS = ['https://app.example.com'];

app.use((req, res, next) => {
  // ruleid: javascript.cors-origin-from-request
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  next();
});

app.get('/data', (req, res) => {
  const origin = req.query.origin;
  // ruleid: javascript.cors-origin-from-request
  res.writeHead(200, { 'Access-Control-Allow-Origin': origin });
  res.end('{}');
});

app.get('/checked', (req, res) => {
  const origin = req.headers.origin;
  if (ALLOWED_ORIGINS.includes(origin)) {
    // ok: javascript.cors-origin-from-request
    res.set('Access-Control-Allow-Origin', origin);
  }
  // ok: javascript.cors-origin-from-request
  res.set('Access-Control-Allow-Origin', 'https://app.example.com');
  res.json({});
});

// ruleid: javascript.ajv-all-errors
const loose = new Ajv({ allErrors: true, coerceTypes: true });
// ok: javascript.ajv-all-errors
const strict = new Ajv({ coerceTypes: true });
// ok: javascript.ajv-all-errors
const debug = new Ajv({ allErrors: process.env.DEBUG === '1' });

function escapeQuotes(s) {
  // ruleid: javascript.incomplete-escape
  return s.replace("'", "''");
}

function escapeTags(html) {
  // ruleid: javascript.incomplete-escape
  return html.replace('<', '&lt;').replace(/>/g, '&gt;');
}

function escapeAll(html) {
  // ok: javascript.incomplete-escape
  return html.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function rename(s) {
  // ok: javascript.incomplete-escape
  return s.replace('foo', 'bar');
}
