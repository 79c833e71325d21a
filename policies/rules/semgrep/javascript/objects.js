const express = require('express');
const _ = require('lodash');
const app = express();

app.post('/todos/:id', (req, res) => {
  const items = req.session.todos;
  // ruleid: javascript.prototype-pollution-assignment
  items[req.query.name] = req.query.text;
  const key = req.body.key;
  // ruleid: javascript.prototype-pollution-assignment
  settings[key][req.body.sub] = req.body.value;
  // ok: javascript.prototype-pollution-assignment
  items['name'] = req.query.text;
  // ok: javascript.prototype-pollution-assignment
  items[req.query.name] = {};
  const slot = 'item_' + req.query.name;
  // ok: javascript.prototype-pollution-assignment
  items[slot] = req.query.text;
  res.end();
});

app.post('/prefs', (req, res) => {
  const prefs = new Map();
  const name = req.body.name;
  if (name === '__proto__' || name === 'constructor' || name === 'prototype') {
    return res.status(400).end();
  }
  // ok: javascript.prototype-pollution-assignment
  userPrefs[name] = req.body.value;
  const safe = Object.create(null);
  // ok: javascript.prototype-pollution-assignment
  safe[req.body.other] = req.body.value;
  res.end();
});

function setPath(obj, path, value) {
  const keys = path.split('.');
  const last = keys.pop();
  for (const key of keys) {
    // ruleid: javascript.prototype-pollution-path-walk
    obj = obj[key] || (obj[key] = {});
  }
  obj[last] = value;
}

function setPathChecked(obj, path, value) {
  const keys = path.split('.');
  const last = keys.pop();
  for (const key of keys) {
    if (key === '__proto__' || key === 'constructor') throw new Error('bad key');
    // ok: javascript.prototype-pollution-path-walk
    obj = obj[key] || (obj[key] = {});
  }
  obj[last] = value;
}

function walkRows(grid) {
  let cell = grid;
  for (let i = 0; i < 3; i++) {
    // ok: javascript.prototype-pollution-path-walk
    cell = cell[i];
  }
  return cell;
}

app.put('/users/:id', async (req, res) => {
  const user = await User.findById(req.params.id);
  // ruleid: javascript.mass-assignment-from-request
  Object.assign(user, req.body);
  // ruleid: javascript.mass-assignment-from-request
  _.merge(config, req.body.settings);
  const { name, email } = req.body;
  // ok: javascript.mass-assignment-from-request
  Object.assign(user, { name, email });
  // ok: javascript.mass-assignment-from-request
  const copy = Object.assign({}, req.body);
  await user.save();
  res.json(copy);
});
