const express = require("express");
const net = require("net");
const { execFile } = require("child_process");

const app = express();

app.get("/api/ping", (req, res) => {
  const host = req.query.host;
  if (!net.isIP(host)) return res.status(400).send("invalid host");
  execFile("ping", ["-c", "4", host], (error, stdout) => {
    if (error) return res.status(500).send("ping failed");
    res.type("text/plain").send(stdout);
  });
});
