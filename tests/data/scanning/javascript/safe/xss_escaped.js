const express = require("express");
const escapeHtml = require("escape-html");
const app = express();

app.get("/search", (req, res) => {
  const q = String(req.query.q || "");
  res.render("search", { q, results: searchIndex(q) });
});

app.get("/search-inline", (req, res) => {
  res.send(`<h1>Results for ${escapeHtml(req.query.q)}</h1>`);
});
