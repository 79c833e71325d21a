const express = require("express");
const axios = require("axios");

const app = express();

app.get("/image-proxy", async (req, res) => {
  const response = await axios.get(req.query.url, { responseType: "arraybuffer" });
  res.set("Content-Type", response.headers["content-type"]);
  res.send(response.data);
});
