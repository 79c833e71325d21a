import { Controller, Get, Param, Query } from "@nestjs/common";
import type { NextFunction, Request, Response } from "express";
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

app.get("/download", (req: Request, res: Response) => {
  // ruleid: typescript.path-traversal
  fs.readFile(path.join(BASE, req.query.file), (err, data) => res.send(data));
});

app.get("/download2", (req: Request, res: Response) => {
  const name = path.basename(req.query.file);
  // ok: typescript.path-traversal
  fs.readFile(path.join(BASE, name), (err, data) => res.send(data));
});

app.get("/file/:name", (req: Request, res: Response) => {
  // ruleid: typescript.path-traversal
  res.sendFile(BASE + "/" + req.params.name);
  // ok: typescript.path-traversal
  res.sendFile(req.params.name, { root: BASE });
});

app.get("/proxy", async (req: Request, res: Response) => {
  // ruleid: typescript.ssrf
  const r = await axios.get(req.query.url);
  res.send(r.data);
});

app.get("/mirror", (req: Request, res: Response) => {
  const url = req.query.url as string;
  // ruleid: typescript.ssrf
  request.get(url).pipe(res);
});

app.get("/weather", async (req: Request, res: Response) => {
  // ok: typescript.ssrf
  const r = await fetch(`https://api.example.com/weather?city=${encodeURIComponent(req.query.city)}`);
  res.json(await r.json());
});

app.get("/fetch", async (req: Request, res: Response) => {
  const target = req.query.url;
  if (!ALLOWED_HOSTS.includes(new URL(target).hostname)) {
    return res.status(400).end();
  }
  // ok: typescript.ssrf
  const r = await fetch(target);
  res.send(await r.text());
});

app.get("/login", (req: Request, res: Response) => {
  // ruleid: typescript.open-redirect
  res.redirect(req.query.next);
});

app.get("/login2", (req: Request, res: Response) => {
  const next = req.query.next || "/";
  if (next.startsWith("/") && !next.startsWith("//")) {
    // ok: typescript.open-redirect
    return res.redirect(next);
  }
  // ok: typescript.open-redirect
  res.redirect("/");
});

// ruleid: typescript.cors-wildcard-credentials
app.use(cors({ origin: true, credentials: true }));
// ok: typescript.cors-wildcard-credentials
app.use(cors({ origin: ["https://app.example.com"], credentials: true }));
// ok: typescript.cors-wildcard-credentials
app.use(cors({ origin: "*" }));

app.use((req: Request, res: Response, next: NextFunction) => {
  // ruleid: typescript.cors-wildcard-credentials
  res.setHeader("Access-Control-Allow-Origin", req.headers.origin);
  res.setHeader("Access-Control-Allow-Credentials", "true");
  next();
});

app.post("/profile", (req: Request, res: Response) => {
  // ruleid: typescript.insecure-deserialization
  const profile = serialize.unserialize(Buffer.from(req.cookies.profile, "base64").toString());
  // ok: typescript.insecure-deserialization
  const prefs = JSON.parse(req.body.prefs);
  res.json({ profile, prefs });
});

function loadConfig(text: string) {
  // ruleid: typescript.insecure-deserialization
  const unsafe = yaml.load(text, { schema: yaml.DEFAULT_FULL_SCHEMA });
  // ok: typescript.insecure-deserialization
  const safe = yaml.load(text);
  return { unsafe, safe };
}

function parseInvoice(xml: string) {
  // ruleid: typescript.xxe
  const doc = libxmljs.parseXml(xml, { noent: true });
  // ok: typescript.xxe
  const doc2 = libxmljs.parseXml(xml, { noent: false, nonet: true });
  return [doc, doc2];
}

@Controller("files")
export class FilesController {
  @Get(":name")
  read(@Param("name") name: string) {
    // ruleid: typescript.path-traversal
    return fs.readFileSync(path.join(BASE, name));
  }

  @Get("safe/:name")
  readSafe(@Param("name") name: string) {
    // ok: typescript.path-traversal
    return fs.readFileSync(path.join(BASE, path.basename(name)));
  }

  @Get("preview")
  async preview(@Query("url") url: string) {
    // ruleid: typescript.ssrf
    return (await axios.get(url)).data;
  }
}

app.get("/go", (req, res) => {
  const target = req.query.target;
  // ruleid: typescript.open-redirect
  res.redirect(`${target}/welcome`);
  // ruleid: typescript.open-redirect
  res.redirect(target + "?from=login");
  // ok: typescript.open-redirect
  res.redirect("https://app.example.com/" + target);
  // ok: typescript.open-redirect
  res.redirect(`https://app.example.com/${target}`);
  // ok: typescript.open-redirect
  res.redirect(config.baseUrl + target);
});

app.get("/go2", (req, res) => {
  // ruleid: typescript.open-redirect
  res.redirect("https://" + req.query.host);
  // ruleid: typescript.open-redirect
  res.redirect(`//${req.query.host}/home`);
});

app.get("/avatar", async (req, res) => {
  const host = req.query.host;
  // ruleid: typescript.ssrf, typescript.cleartext-http-request
  await axios.get("http://" + host + "/avatar.png");
  // ruleid: typescript.ssrf
  await fetch(`${req.query.url}/info`);
  // ruleid: typescript.ssrf
  await fetch(req.query.url + "?format=json");
  // ok: typescript.ssrf
  await fetch("https://api.example.com/users/" + req.query.id);
  // ok: typescript.ssrf
  await fetch(API_BASE + "/users/" + req.query.id);
  // ok: typescript.ssrf
  await fetch(`${API_BASE}/users/${req.query.id}`);
});

fastify.get("/file", async (request, reply) => {
  // ruleid: typescript.path-traversal
  return fs.readFileSync(path.join("/srv/data", request.query.name));
});

router.get("/koa-go", async (ctx) => {
  // ruleid: typescript.open-redirect
  ctx.redirect(ctx.query.next);
});

async function loadProfile(id) {
  // ruleid: typescript.cleartext-http-request
  const a = await fetch("http://api.example.com/profile/" + id);
  // ruleid: typescript.cleartext-http-request
  const b = await axios.get("http://api.example.com/profile");
  // ok: typescript.cleartext-http-request
  const c = await fetch("https://api.example.com/profile");
  // ok: typescript.cleartext-http-request
  const d = await fetch("http://localhost:3000/health");
  return [a, b, c, d];
}

function saveLogin(response) {
  // ruleid: typescript.token-in-local-storage
  localStorage.setItem("authToken", response.data.token);
  // ruleid: typescript.token-in-local-storage
  localStorage.setItem(TOKEN_KEY, jwt);
  // ok: typescript.token-in-local-storage
  localStorage.setItem("theme", "dark");
}

const RETURN_PATHS = new Set(["/", "/dashboard"]);
app.get("/logout-next", (req, res) => {
  const wanted = req.query.returnUrl;
  // ok: typescript.open-redirect
  res.redirect(RETURN_PATHS.has(wanted) ? wanted : "/");
  // ruleid: typescript.open-redirect
  res.redirect(wanted ? wanted : "/");
});

function importCatalog(xmlText) {
  // ruleid: typescript.xxe
  const doc = xml.parseXmlString(xmlText, { noblanks: true, noent: true });
  const parseOptions = { noblanks: true, noent: true, nocdata: true };
  // ruleid: typescript.xxe
  const doc2 = libxml2.parseXml(xmlText, parseOptions);
  const safeOptions = { noblanks: true, nonet: true };
  // ok: typescript.xxe
  const doc3 = libxml2.parseXml(xmlText, safeOptions);
  // ok: typescript.xxe
  const doc4 = xml.parseXmlString(xmlText, { noent: false });
  return [doc, doc2, doc3, doc4];
}
