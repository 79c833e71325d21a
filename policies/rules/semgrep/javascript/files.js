const fs = require("fs");
const os = require("os");
const path = require("path");
const escapeRegExp = require("lodash.escaperegexp");

function publish(file) {
  // ruleid: javascript.insecure-file-permissions
  fs.chmodSync(file, 0o777);
  // ok: javascript.insecure-file-permissions
  fs.chmodSync(file, 0o644);
  // ok: javascript.insecure-file-permissions
  fs.mkdirSync("/srv/shared", { recursive: true, mode: 0o777 });
  // ruleid: javascript.insecure-file-permissions
  fs.writeFileSync("/srv/shared/run.sh", "#!/bin/sh", { mode: 0o777 });
}

function writeReport(data) {
  // ruleid: javascript.insecure-temp-file
  fs.writeFileSync("/tmp/report.json", JSON.stringify(data));
  // ok: javascript.insecure-temp-file
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-"));
  // ok: javascript.insecure-temp-file
  fs.writeFileSync(path.join(dir, "report.json"), JSON.stringify(data));
}

// ruleid: javascript.regex-dos
const EMAIL = /^([a-zA-Z0-9]+\.?)+@example\.com$/;
// ok: javascript.regex-dos
const EMAIL_OK = /^[a-zA-Z0-9.]+@example\.com$/;
// ruleid: javascript.regex-dos
const WORDS = new RegExp("^(\\w+\\s?)*$");

app.get("/search", (req, res) => {
  // ruleid: javascript.regex-injection
  const re = new RegExp(req.query.q, "i");
  // ok: javascript.regex-injection
  const re2 = new RegExp(escapeRegExp(req.query.q), "i");
  res.json(items.filter((i) => re.test(i) || re2.test(i)));
});

function readLog(name) {
  // ruleid: javascript.path-built
  return fs.readFileSync("./logs/" + name, "utf-8");
}

function readUserFile(filename) {
  // ruleid: javascript.path-built
  const a = fs.readFileSync(path.join(__dirname, "uploads", filename), "utf8");
  // ruleid: javascript.path-built
  const b = fs.readFileSync(`/srv/data/${filename}`);
  // ok: javascript.path-built
  const c = fs.readFileSync(path.join(__dirname, "uploads", path.basename(filename)));
  // ok: javascript.path-built
  const d = fs.readFileSync(path.join(__dirname, "config.json"));
  return [a, b, c, d];
}

function readChecked(name) {
  const full = path.resolve("/srv/data", name);
  if (!full.startsWith("/srv/data/")) {
    throw new Error("bad path");
  }
  // ok: javascript.path-built
  return fs.readFileSync(path.join("/srv/data", name));
}

function sendIndex(res) {
  const file = "index.html";
  // ok: javascript.path-built
  res.sendFile(path.resolve("public/", file));
}
