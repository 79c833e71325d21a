import type { NextFunction, Request, Response } from "express";
import { Body, Controller, Get, Param, Post, Query } from "@nestjs/common";
const express = require("express");
const { exec, execFile } = require("child_process");
const mysql = require("mysql2");
const ejs = require("ejs");
const xpath = require("xpath");
const ldap = require("ldapjs");
const escapeHtml = require("escape-html");

const app = express();
const db = mysql.createPool({ host: "localhost", user: "app", database: "shop" });

app.get("/users", (req: Request, res: Response) => {
  const name = req.query.name;
  // ruleid: typescript.sql-injection, typescript.sql-string-built, typescript.sql-built-from-request
  db.query(`SELECT * FROM users WHERE name = '${name}'`, (err, rows) => res.json(rows));
  // ok: typescript.sql-injection, typescript.sql-string-built
  db.query("SELECT * FROM users WHERE name = ?", [name], (err, rows) => res.json(rows));
});

app.post("/orders", async (req: Request, res: Response) => {
  // ruleid: typescript.sql-built-from-request
  const sql = "SELECT * FROM orders WHERE customer = '" + req.body.customer + "'";
  // ruleid: typescript.sql-injection, typescript.sql-string-built
  const [rows] = await db.promise().query(sql);
  const limit = parseInt(req.query.limit, 10);
  // ruleid: typescript.sql-string-built
  await db.promise().query(`SELECT * FROM orders LIMIT ${limit}`);
  res.json(rows);
});

async function findByEmail(pool, email) {
  // ruleid: typescript.sql-string-built
  return pool.query("SELECT id FROM users WHERE email = '" + email + "'");
}

async function findByEmailSafe(pool, email) {
  // ok: typescript.sql-string-built
  return pool.query("SELECT id FROM users WHERE email = $1", [email]);
}

app.post("/login", async (req: Request, res: Response) => {
  // ruleid: typescript.nosql-injection
  const user = await User.findOne({ username: req.body.username, password: req.body.password });
  // ok: typescript.nosql-injection
  const user2 = await User.findOne({ username: String(req.body.username) });
  res.json({ ok: !!user && !!user2 });
});

app.get("/ping", (req: Request, res: Response) => {
  // ruleid: typescript.command-injection, typescript.command-injection-exec
  exec("ping -c 1 " + req.query.host, (err, out) => res.send(out));
});

app.get("/ping2", (req: Request, res: Response) => {
  // ok: typescript.command-injection, typescript.command-injection-exec
  execFile("ping", ["-c", "1", req.query.host], (err, out) => res.send(out));
});

function compress(file: string) {
  // ruleid: typescript.command-injection-exec
  exec(`gzip ${file}`);
  const cmd = `tar czf /backups/${file}.tgz ${file}`;
  // ruleid: typescript.command-injection-exec, typescript.command-non-literal
  exec(cmd);
  // ok: typescript.command-injection-exec
  exec("gzip /var/log/app.log");
  // ok: typescript.command-injection-exec
  const m = /(\d+)/.exec(file);
  return m;
}

function calc(expr: string) {
  // ruleid: typescript.code-injection-eval
  return eval(expr);
}

function makeGetter(field: string) {
  // ruleid: typescript.code-injection-eval
  return new Function("obj", "return obj." + field);
}

function safeParse(text: string) {
  // ok: typescript.code-injection-eval
  setTimeout(() => console.log("done"), 100);
  // ok: typescript.code-injection-eval
  return JSON.parse(text);
}

app.get("/ldap", (req: Request, res: Response) => {
  const client = ldap.createClient({ url: "ldap://localhost" });
  // ruleid: typescript.ldap-injection, typescript.ldap-filter-built
  client.search("ou=people,dc=example,dc=com", { filter: `(uid=${req.query.user})`, scope: "sub" }, () => {});
  res.end();
});

app.get("/xpath", (req: Request, res: Response) => {
  // ruleid: typescript.xpath-injection, typescript.xpath-built
  const nodes = xpath.select(`//user[@name='${req.query.name}']`, doc);
  // ok: typescript.xpath-injection
  const all = xpath.select("//user", doc);
  res.json({ n: nodes.length + all.length });
});

app.get("/greet", (req: Request, res: Response) => {
  // ruleid: typescript.template-injection, typescript.xss-response
  res.send(ejs.render("<h1>Hello " + req.query.name + "</h1>"));
});

const GREETING = "<h1>Hello <%= name %></h1>";
app.get("/greet2", (req: Request, res: Response) => {
  // ok: typescript.template-injection
  res.send(ejs.render(GREETING, { name: req.query.name }));
});

app.get("/search", (req: Request, res: Response) => {
  // ruleid: typescript.xss-response
  res.send(`<p>Results for ${req.query.q}</p>`);
});

app.get("/search2", (req: Request, res: Response) => {
  // ok: typescript.xss-response
  res.send(`<p>Results for ${escapeHtml(req.query.q)}</p>`);
  // ok: typescript.xss-response
  res.json({ q: req.query.q });
});

@Controller("users")
export class UsersController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async find(@Query("name") name: string) {
    // ruleid: typescript.sql-injection, typescript.sql-string-built, typescript.sql-built-from-request
    return this.dataSource.query(`SELECT * FROM users WHERE name = '${name}'`);
  }

  @Get("safe")
  async findSafe(@Query("name") name: string) {
    // ok: typescript.sql-injection, typescript.sql-string-built
    return this.dataSource.query("SELECT * FROM users WHERE name = $1", [name]);
  }

  @Post("convert")
  convert(@Body("file") file: string) {
    // ruleid: typescript.command-injection, typescript.command-injection-exec
    return execSync(`libreoffice --convert-to pdf ${file}`);
  }
}

function listDirectory(dir) {
  // ruleid: typescript.command-injection-exec
  return require("child_process").execSync(`ls -la ${dir}`).toString();
}

function archive(folder) {
  const proc = require("child_process");
  // ruleid: typescript.command-injection-exec
  proc.exec("tar czf backup.tgz " + folder);
  // ok: typescript.command-injection-exec
  proc.execFile("tar", ["czf", "backup.tgz", folder]);
  const pattern = /^[a-z]+$/;
  // ok: typescript.command-injection-exec
  return pattern.exec(folder);
}

function convertImage(input, output) {
  // ruleid: typescript.command-injection-shell-option
  spawn("convert " + input + " " + output, { shell: true });
  // ruleid: typescript.command-injection-shell-option
  childProcess.execFileSync(`gzip ${input}`, [], { shell: true });
  // ok: typescript.command-injection-shell-option
  spawn("convert", [input, output]);
  // ok: typescript.command-injection-shell-option
  spawn("convert " + input, { shell: false });
}

async function adults(client) {
  const query = "SELECT name FROM users WHERE age > " + "17";
  // ok: typescript.sql-string-built
  return client.query(query);
}

app.get("/hello", (req, res) => {
  // ruleid: typescript.xss-response
  res.send("<h1>Hello " + req.query.name + "</h1>");
  // ok: typescript.xss-response
  res.send("<h1>Hello " + xss(req.query.name) + "</h1>");
});

app.get("/orders/search", async (req, res) => {
  // ruleid: typescript.sql-built-from-request
  const q1 = "SELECT * FROM orders WHERE customer = '" + req.query.customer + "'";
  // ruleid: typescript.sql-built-from-request
  const q2 = `DELETE FROM carts WHERE id = '${req.body.id}'`;
  // ruleid: typescript.sql-built-from-request
  const q3 = util.format("UPDATE users SET name = '%s'", req.body.name);
  // ok: typescript.sql-built-from-request
  const q4 = "SELECT * FROM orders WHERE id = " + parseInt(req.query.id, 10);
  // ok: typescript.sql-built-from-request
  const greeting = "Hello " + req.query.customer;
  res.json([q1, q2, q3, q4, greeting]);
});

function findUser(client, username, cb) {
  const opts = { filter: "(uid=" + username + ")", scope: "sub" };
  // ruleid: typescript.ldap-filter-built
  client.search("ou=users,dc=example,dc=com", opts, cb);
  // ruleid: typescript.ldap-filter-built
  client.search("ou=users,dc=example,dc=com", { filter: `(mail=${username})` }, cb);
  // ok: typescript.ldap-filter-built
  client.search("ou=users,dc=example,dc=com", { filter: "(objectClass=person)" }, cb);
  // ok: typescript.ldap-filter-built
  client.search("ou=users,dc=example,dc=com", { filter: new EqualityFilter({ attribute: "uid", value: username }) }, cb);
}

http.createServer((req, res) => {
  const q = url.parse(req.url, true).query;
  res.writeHead(200, { "Content-Type": "text/html" });
  // ruleid: typescript.xss-response
  res.end("<h1>" + q.name + "</h1>");
}).listen(8080);

const runCommand = (userCmd) =>
  new Promise((resolve, reject) => {
    // ruleid: typescript.command-non-literal
    exec(userCmd, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });

function diskUsage(options) {
  // ruleid: typescript.command-non-literal
  childProcess.execSync(options.command);
  const fixed = "df -h";
  // ok: typescript.command-non-literal
  exec(fixed);
  // ok: typescript.command-non-literal
  execFile("df", ["-h", options.mount]);
  // ok: typescript.command-non-literal
  return /^\/dev\//.exec(options.mount);
}

function merge(target, source) {
  for (const key in source) {
    if (typeof source[key] === "object" && source[key] !== null) {
      // ruleid: typescript.prototype-pollution-merge
      target[key] = merge(target[key] || {}, source[key]);
    } else {
      target[key] = source[key];
    }
  }
  return target;
}

function safeMerge(target, source) {
  for (const key of Object.keys(source)) {
    if (key === "__proto__" || key === "constructor" || key === "prototype") continue;
    if (typeof source[key] === "object") {
      // ok: typescript.prototype-pollution-merge
      target[key] = safeMerge(target[key] || {}, source[key]);
    } else {
      target[key] = source[key];
    }
  }
  return target;
}

function shallowCopy(target, source) {
  for (const key in source) {
    // ok: typescript.prototype-pollution-merge
    target[key] = String(source[key]);
  }
  return target;
}

exports.handler = async (event) => {
  const name = event.queryStringParameters.name;
  // ruleid: typescript.command-injection, typescript.command-injection-exec
  execSync("grep " + name + " /var/log/app.log");
  return { statusCode: 200 };
};

function findUserNode(doc, name) {
  // ruleid: typescript.xpath-built
  const a = xpath.select("//user[@name='" + name + "']", doc);
  // ok: typescript.xpath-built
  const b = xpath.select("//user", doc);
  return [a, b];
}

app.get("/echo", (req, res) => {
  // ruleid: typescript.xss-response
  res.send(req.query.message);
  // ok: typescript.xss-response
  res.send({ message: req.query.message });
});

function runWithShell(cmd) {
  // ruleid: typescript.command-non-literal
  return spawn(cmd, { shell: true });
}

function runArgs(file) {
  // ruleid: typescript.command-non-literal
  childProcess.spawnSync(file, [], { shell: true, stdio: "inherit" });
  // ok: typescript.command-non-literal
  return spawn("ls", ["-la", file]);
}

function renderUserTemplate(source, data) {
  // ruleid: typescript.template-injection
  const fn = dot.template(source);
  // ruleid: typescript.template-injection
  const html = Mustache.render(source, data);
  // ok: typescript.template-injection
  const page = Mustache.render("<p>{{name}}</p>", data);
  return fn(data) + html + page;
}

function cloneRepo(gitUrl, dest) {
  // ruleid: typescript.git-argument-injection
  const git = spawn("git", ["clone", gitUrl, dest]);
  // ok: typescript.git-argument-injection
  const safe = spawn("git", ["clone", "--", gitUrl, dest]);
  // ok: typescript.git-argument-injection
  const fixed = spawn("git", ["clone", "https://github.com/org/repo.git"]);
  return [git, safe, fixed];
}

function runShell(userInput) {
  // ruleid: typescript.shelljs-exec-non-literal
  shell.exec(userInput, { silent: true });
  // ok: typescript.shelljs-exec-non-literal
  shell.exec("npm test", { silent: true });
}

async function usersOlderThan(pool, age, minAge) {
  var sql = "SELECT name FROM users WHERE age > " + age;
  // ruleid: typescript.sql-string-built
  const a = await pool.query(sql);
  let query = "SELECT name FROM users WHERE age = ";
  query += minAge;
  // ruleid: typescript.sql-string-built
  const b = await pool.query(query);
  // ruleid: typescript.sql-string-built
  const c = await pool.query("SELECT * FROM users WHERE id = ".concat(age));
  // ok: typescript.sql-string-built
  const d = await pool.query("SELECT * FROM users WHERE id = $1", [age]);
  return [a, b, c, d];
}

// exec wrapped in a promise by util.promisify: the same shell
const execAsync = promisify(exec);
router.get("/lookup", async (ctx: Context) => {
  const domain = ctx.query.domain as string;
  // ruleid: typescript.command-injection
  const { stdout } = await execAsync("nslookup " + domain);
  // ok: typescript.command-injection
  const { stdout: listing } = await execAsync("ls /srv/static");
  ctx.body = stdout + listing;
});

// Next.js App Router route handler; postgres.js sql.unsafe
export async function GET(request) {
  const id = request.nextUrl.searchParams.get("id");
  // ruleid: typescript.sql-injection, typescript.sql-built-from-request
  const rows = await sql.unsafe(`SELECT * FROM invoices WHERE id = ${id}`);
  // ok: typescript.sql-injection
  const same = await sql.unsafe("SELECT * FROM invoices WHERE id = $1", [id]);
  return Response.json([rows, same]);
}

export async function POST(request) {
  const body = await request.json();
  // ruleid: typescript.command-injection, typescript.command-injection-exec
  exec("convert " + body.file + " out.png");
  return new Response("ok");
}
