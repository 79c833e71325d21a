const express = require("express");
const app = express();

app.get("/search", (req, res) => {
  const q = req.query.q || "";
  const results = searchIndex(q);
  res.send(`<h1>Results for ${q}</h1><ul>${results.map((r) => `<li>${r.title}</li>`).join("")}</ul>`);
});
