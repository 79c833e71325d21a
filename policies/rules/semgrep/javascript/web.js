const express = require("express");
const fs = require("fs");
const path = require("path");
const axios = require("axios");
const cors = require("cors");
const serialize = require("node-serialize");
const yaml = require("js-yaml");
const libxmljs = require("libxmljs");

const app = express();
const BASE = "/srv/files";
const ALLOWED_HOSTS = ["api.example.com"];

app.get("/download", (req, res) => {
  // ruleid: javascript.path-traversal
  fs.readFile(path.join(BASE, req.query.file), (err, data) => res.send(data));
});

app.get("/download2", (req, res) => {
  const name = path.basename(req.query.file);
  // ok: javascript.path-traversal
  fs.readFile(path.join(BASE, name), (err, data) => res.send(data));
});

app.get("/file/:name", (req, res) => {
  // ruleid: javascript.path-traversal
  res.sendFile(BASE + "/" + req.params.name);
  // ok: javascript.path-traversal
  res.sendFile(req.params.name, { root: BASE });
});

app.get("/proxy", async (req, res) => {
  // ruleid: javascript.ssrf
  const r = await axios.get(req.query.url);
  res.send(r.data);
});

app.get("/mirror", (req, res) => {
  const url = req.query.url;
  // ruleid: javascript.ssrf
  request.get(url).pipe(res);
});

app.get("/weather", async (req, res) => {
  // ok: javascript.ssrf
  const r = await fetch(`https://api.example.com/weather?city=${encodeURIComponent(req.query.city)}`);
  res.json(await r.json());
});

app.get("/fetch", async (req, res) => {
  const target = req.query.url;
  if (!ALLOWED_HOSTS.includes(new URL(target).hostname)) {
    return res.status(400).end();
  }
  // ok: javascript.ssrf
  const r = await fetch(target);
  res.send(await r.text());
});

app.get("/login", (req, res) => {
  // ruleid: javascript.open-redirect
  res.redirect(req.query.next);
});

app.get("/login2", (req, res) => {
  const next = req.query.next || "/";
  if (next.startsWith("/") && !next.startsWith("//")) {
    // ok: javascript.open-redirect
    return res.redirect(next);
  }
  // ok: javascript.open-redirect
  res.redirect("/");
});

// ruleid: javascript.cors-wildcard-credentials
app.use(cors({ origin: true, credentials: true }));
// ok: javascript.cors-wildcard-credentials
app.use(cors({ origin: ["https://app.example.com"], credentials: true }));
// ok: javascript.cors-wildcard-credentials
app.use(cors({ origin: "*" }));

app.use((req, res, next) => {
  // ruleid: javascript.cors-wildcard-credentials
  res.setHeader("Access-Control-Allow-Origin", req.headers.origin);
  res.setHeader("Access-Control-Allow-Credentials", "true");
  next();
});

app.post("/profile", (req, res) => {
  // ruleid: javascript.insecure-deserialization
  const profile = serialize.unserialize(Buffer.from(req.cookies.profile, "base64").toString());
  // ok: javascript.insecure-deserialization
  const prefs = JSON.parse(req.body.prefs);
  res.json({ profile, prefs });
});

function loadConfig(text) {
  // ruleid: javascript.insecure-deserialization
  const unsafe = yaml.load(text, { schema: yaml.DEFAULT_FULL_SCHEMA });
  // ok: javascript.insecure-deserialization
  const safe = yaml.load(text);
  return { unsafe, safe };
}

function parseInvoice(xml) {
  // ruleid: javascript.xxe
  const doc = libxmljs.parseXml(xml, { noent: true });
  // ok: javascript.xxe
  const doc2 = libxmljs.parseXml(xml, { noent: false, nonet: true });
  return [doc, doc2];
}

app.get("/go", (req, res) => {
  const target = req.query.target;
  // ruleid: javascript.open-redirect
  res.redirect(`${target}/welcome`);
  // ruleid: javascript.open-redirect
  res.redirect(target + "?from=login");
  // ok: javascript.open-redirect
  res.redirect("https://app.example.com/" + target);
  // ok: javascript.open-redirect
  res.redirect(`https://app.example.com/${target}`);
  // ok: javascript.open-redirect
  res.redirect(config.baseUrl + target);
});

app.get("/go2", (req, res) => {
  // ruleid: javascript.open-redirect
  res.redirect("https://" + req.query.host);
  // ruleid: javascript.open-redirect
  res.redirect(`//${req.query.host}/home`);
});

app.get("/avatar", async (req, res) => {
  const host = req.query.host;
  // ruleid: javascript.ssrf, javascript.cleartext-http-request
  await axios.get("http://" + host + "/avatar.png");
  // ruleid: javascript.ssrf
  await fetch(`${req.query.url}/info`);
  // ruleid: javascript.ssrf
  await fetch(req.query.url + "?format=json");
  // ok: javascript.ssrf
  await fetch("https://api.example.com/users/" + req.query.id);
  // ok: javascript.ssrf
  await fetch(API_BASE + "/users/" + req.query.id);
  // ok: javascript.ssrf
  await fetch(`${API_BASE}/users/${req.query.id}`);
});

fastify.get("/file", async (request, reply) => {
  // ruleid: javascript.path-traversal
  return fs.readFileSync(path.join("/srv/data", request.query.name));
});

router.get("/koa-go", async (ctx) => {
  // ruleid: javascript.open-redirect
  ctx.redirect(ctx.query.next);
});

async function loadProfile(id) {
  // ruleid: javascript.cleartext-http-request
  const a = await fetch("http://api.example.com/profile/" + id);
  // ruleid: javascript.cleartext-http-request
  const b = await axios.get("http://api.example.com/profile");
  // ok: javascript.cleartext-http-request
  const c = await fetch("https://api.example.com/profile");
  // ok: javascript.cleartext-http-request
  const d = await fetch("http://localhost:3000/health");
  return [a, b, c, d];
}

function saveLogin(response) {
  // ruleid: javascript.token-in-local-storage
  localStorage.setItem("authToken", response.data.token);
  // ruleid: javascript.token-in-local-storage
  localStorage.setItem(TOKEN_KEY, jwt);
  // ok: javascript.token-in-local-storage
  localStorage.setItem("theme", "dark");
}

const RETURN_PATHS = new Set(["/", "/dashboard"]);
app.get("/logout-next", (req, res) => {
  const wanted = req.query.returnUrl;
  // ok: javascript.open-redirect
  res.redirect(RETURN_PATHS.has(wanted) ? wanted : "/");
  // ruleid: javascript.open-redirect
  res.redirect(wanted ? wanted : "/");
});

function importCatalog(xmlText) {
  // ruleid: javascript.xxe
  const doc = xml.parseXmlString(xmlText, { noblanks: true, noent: true });
  const parseOptions = { noblanks: true, noent: true, nocdata: true };
  // ruleid: javascript.xxe
  const doc2 = libxml2.parseXml(xmlText, parseOptions);
  const safeOptions = { noblanks: true, nonet: true };
  // ok: javascript.xxe
  const doc3 = libxml2.parseXml(xmlText, safeOptions);
  // ok: javascript.xxe
  const doc4 = xml.parseXmlString(xmlText, { noent: false });
  return [doc, doc2, doc3, doc4];
}
