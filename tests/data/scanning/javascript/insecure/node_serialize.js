const express = require("express");
const cookieParser = require("cookie-parser");
const serialize = require("node-serialize");

const app = express();
app.use(cookieParser());

app.get("/", (req, res) => {
  if (req.cookies.profile) {
    const profile = serialize.unserialize(Buffer.from(req.cookies.profile, "base64").toString());
    return res.send("Welcome back, " + escape(profile.username));
  }
  res.send("Hello, stranger");
});
