const express = require("express");
const fs = require("fs");
const path = require("path");

const app = express();
const UPLOADS = path.join(__dirname, "uploads");

app.get("/files/:name", (req, res) => {
  const filePath = path.join(UPLOADS, req.params.name);
  fs.readFile(filePath, (err, data) => {
    if (err) return res.status(404).send("Not found");
    res.send(data);
  });
});
