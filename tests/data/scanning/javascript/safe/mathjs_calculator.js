const express = require("express");
const { evaluate } = require("mathjs");

const app = express();
app.use(express.json());

app.post("/api/calculate", (req, res) => {
  try {
    res.json({ result: evaluate(String(req.body.expression)) });
  } catch (e) {
    res.status(400).json({ error: "Invalid expression" });
  }
});
