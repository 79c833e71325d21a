import type { NextFunction, Request, Response } from "express";
const fs = require("fs");
const os = require("os");
const path = require("path");
const escapeRegExp = require("lodash.escaperegexp");

function publish(file: string) {
  // ruleid: typescript.insecure-file-permissions
  fs.chmodSync(file, 0o777);
  // ok: typescript.insecure-file-permissions
  fs.chmodSync(file, 0o644);
  // ok: typescript.insecure-file-permissions
  fs.mkdirSync("/srv/shared", { recursive: true, mode: 0o777 });
  // ruleid: typescript.insecure-file-permissions
  fs.writeFileSync("/srv/shared/run.sh", "#!/bin/sh", { mode: 0o777 });
}

function writeReport(data: string) {
  // ruleid: typescript.insecure-temp-file
  fs.writeFileSync("/tmp/report.json", JSON.stringify(data));
  // ok: typescript.insecure-temp-file
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-"));
  // ok: typescript.insecure-temp-file
  fs.writeFileSync(path.join(dir, "report.json"), JSON.stringify(data));
}

// ruleid: typescript.regex-dos
const EMAIL = /^([a-zA-Z0-9]+\.?)+@example\.com$/;
// ok: typescript.regex-dos
const EMAIL_OK = /^[a-zA-Z0-9.]+@example\.com$/;
// ruleid: typescript.regex-dos
const WORDS = new RegExp("^(\\w+\\s?)*$");

app.get("/search", (req: Request, res: Response) => {
  // ruleid: typescript.regex-injection
  const re = new RegExp(req.query.q, "i");
  // ok: typescript.regex-injection
  const re2 = new RegExp(escapeRegExp(req.query.q), "i");
  res.json(items.filter((i) => re.test(i) || re2.test(i)));
});

function readLog(name) {
  // ruleid: typescript.path-built
  return fs.readFileSync("./logs/" + name, "utf-8");
}

function readUserFile(filename) {
  // ruleid: typescript.path-built
  const a = fs.readFileSync(path.join(__dirname, "uploads", filename), "utf8");
  // ruleid: typescript.path-built
  const b = fs.readFileSync(`/srv/data/${filename}`);
  // ok: typescript.path-built
  const c = fs.readFileSync(path.join(__dirname, "uploads", path.basename(filename)));
  // ok: typescript.path-built
  const d = fs.readFileSync(path.join(__dirname, "config.json"));
  return [a, b, c, d];
}

function readChecked(name) {
  const full = path.resolve("/srv/data", name);
  if (!full.startsWith("/srv/data/")) {
    throw new Error("bad path");
  }
  // ok: typescript.path-built
  return fs.readFileSync(path.join("/srv/data", name));
}

function sendIndex(res) {
  const file = "index.html";
  // ok: typescript.path-built
  res.sendFile(path.resolve("public/", file));
}
