const express = require("express");
const cors = require("cors");

const app = express();

app.use(cors({ origin: true, credentials: true }));

app.get("/api/me", (req, res) => {
  res.json({ user: req.session.user });
});
