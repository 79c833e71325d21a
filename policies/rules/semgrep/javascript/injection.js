const express = require("express");
const { exec, execFile } = require("child_process");
const mysql = require("mysql2");
const ejs = require("ejs");
const xpath = require("xpath");
const ldap = require("ldapjs");
const escapeHtml = require("escape-html");

const app = express();
const db = mysql.createPool({ host: "localhost", user: "app", database: "shop" });

app.get("/users", (req, res) => {
  const name = req.query.name;
  // ruleid: javascript.sql-injection, javascript.sql-string-built, javascript.sql-built-from-request
  db.query(`SELECT * FROM users WHERE name = '${name}'`, (err, rows) => res.json(rows));
  // ok: javascript.sql-injection, javascript.sql-string-built
  db.query("SELECT * FROM users WHERE name = ?", [name], (err, rows) => res.json(rows));
});

app.post("/orders", async (req, res) => {
  // ruleid: javascript.sql-built-from-request
  const sql = "SELECT * FROM orders WHERE customer = '" + req.body.customer + "'";
  // ruleid: javascript.sql-injection, javascript.sql-string-built
  const [rows] = await db.promise().query(sql);
  const limit = parseInt(req.query.limit, 10);
  // ruleid: javascript.sql-string-built
  await db.promise().query(`SELECT * FROM orders LIMIT ${limit}`);
  res.json(rows);
});

async function findByEmail(pool, email) {
  // ruleid: javascript.sql-string-built
  return pool.query("SELECT id FROM users WHERE email = '" + email + "'");
}

async function findByEmailSafe(pool, email) {
  // ok: javascript.sql-string-built
  return pool.query("SELECT id FROM users WHERE email = $1", [email]);
}

app.post("/login", async (req, res) => {
  // ruleid: javascript.nosql-injection
  const user = await User.findOne({ username: req.body.username, password: req.body.password });
  // ok: javascript.nosql-injection
  const user2 = await User.findOne({ username: String(req.body.username) });
  res.json({ ok: !!user && !!user2 });
});

app.get("/ping", (req, res) => {
  // ruleid: javascript.command-injection, javascript.command-injection-exec
  exec("ping -c 1 " + req.query.host, (err, out) => res.send(out));
});

app.get("/ping2", (req, res) => {
  // ok: javascript.command-injection, javascript.command-injection-exec
  execFile("ping", ["-c", "1", req.query.host], (err, out) => res.send(out));
});

function compress(file) {
  // ruleid: javascript.command-injection-exec
  exec(`gzip ${file}`);
  const cmd = `tar czf /backups/${file}.tgz ${file}`;
  // ruleid: javascript.command-injection-exec, javascript.command-non-literal
  exec(cmd);
  // ok: javascript.command-injection-exec
  exec("gzip /var/log/app.log");
  // ok: javascript.command-injection-exec
  const m = /(\d+)/.exec(file);
  return m;
}

function calc(expr) {
  // ruleid: javascript.code-injection-eval
  return eval(expr);
}

function makeGetter(field) {
  // ruleid: javascript.code-injection-eval
  return new Function("obj", "return obj." + field);
}

function safeParse(text) {
  // ok: javascript.code-injection-eval
  setTimeout(() => console.log("done"), 100);
  // ok: javascript.code-injection-eval
  return JSON.parse(text);
}

app.get("/ldap", (req, res) => {
  const client = ldap.createClient({ url: "ldap://localhost" });
  // ruleid: javascript.ldap-injection, javascript.ldap-filter-built
  client.search("ou=people,dc=example,dc=com", { filter: `(uid=${req.query.user})`, scope: "sub" }, () => {});
  res.end();
});

app.get("/xpath", (req, res) => {
  // ruleid: javascript.xpath-injection, javascript.xpath-built
  const nodes = xpath.select(`//user[@name='${req.query.name}']`, doc);
  // ok: javascript.xpath-injection
  const all = xpath.select("//user", doc);
  res.json({ n: nodes.length + all.length });
});

app.get("/greet", (req, res) => {
  // ruleid: javascript.template-injection, javascript.xss-response
  res.send(ejs.render("<h1>Hello " + req.query.name + "</h1>"));
});

const GREETING = "<h1>Hello <%= name %></h1>";
app.get("/greet2", (req, res) => {
  // ok: javascript.template-injection
  res.send(ejs.render(GREETING, { name: req.query.name }));
});

app.get("/search", (req, res) => {
  // ruleid: javascript.xss-response
  res.send(`<p>Results for ${req.query.q}</p>`);
});

app.get("/search2", (req, res) => {
  // ok: javascript.xss-response
  res.send(`<p>Results for ${escapeHtml(req.query.q)}</p>`);
  // ok: javascript.xss-response
  res.json({ q: req.query.q });
});

function listDirectory(dir) {
  // ruleid: javascript.command-injection-exec
  return require("child_process").execSync(`ls -la ${dir}`).toString();
}

function archive(folder) {
  const proc = require("child_process");
  // ruleid: javascript.command-injection-exec
  proc.exec("tar czf backup.tgz " + folder);
  // ok: javascript.command-injection-exec
  proc.execFile("tar", ["czf", "backup.tgz", folder]);
  const pattern = /^[a-z]+$/;
  // ok: javascript.command-injection-exec
  return pattern.exec(folder);
}

function convertImage(input, output) {
  // ruleid: javascript.command-injection-shell-option
  spawn("convert " + input + " " + output, { shell: true });
  // ruleid: javascript.command-injection-shell-option
  childProcess.execFileSync(`gzip ${input}`, [], { shell: true });
  // ok: javascript.command-injection-shell-option
  spawn("convert", [input, output]);
  // ok: javascript.command-injection-shell-option
  spawn("convert " + input, { shell: false });
}

async function adults(client) {
  const query = "SELECT name FROM users WHERE age > " + "17";
  // ok: javascript.sql-string-built
  return client.query(query);
}

app.get("/hello", (req, res) => {
  // ruleid: javascript.xss-response
  res.send("<h1>Hello " + req.query.name + "</h1>");
  // ok: javascript.xss-response
  res.send("<h1>Hello " + xss(req.query.name) + "</h1>");
});

app.get("/orders/search", async (req, res) => {
  // ruleid: javascript.sql-built-from-request
  const q1 = "SELECT * FROM orders WHERE customer = '" + req.query.customer + "'";
  // ruleid: javascript.sql-built-from-request
  const q2 = `DELETE FROM carts WHERE id = '${req.body.id}'`;
  // ruleid: javascript.sql-built-from-request
  const q3 = util.format("UPDATE users SET name = '%s'", req.body.name);
  // ok: javascript.sql-built-from-request
  const q4 = "SELECT * FROM orders WHERE id = " + parseInt(req.query.id, 10);
  // ok: javascript.sql-built-from-request
  const greeting = "Hello " + req.query.customer;
  res.json([q1, q2, q3, q4, greeting]);
});

function findUser(client, username, cb) {
  const opts = { filter: "(uid=" + username + ")", scope: "sub" };
  // ruleid: javascript.ldap-filter-built
  client.search("ou=users,dc=example,dc=com", opts, cb);
  // ruleid: javascript.ldap-filter-built
  client.search("ou=users,dc=example,dc=com", { filter: `(mail=${username})` }, cb);
  // ok: javascript.ldap-filter-built
  client.search("ou=users,dc=example,dc=com", { filter: "(objectClass=person)" }, cb);
  // ok: javascript.ldap-filter-built
  client.search("ou=users,dc=example,dc=com", { filter: new EqualityFilter({ attribute: "uid", value: username }) }, cb);
}

http.createServer((req, res) => {
  const q = url.parse(req.url, true).query;
  res.writeHead(200, { "Content-Type": "text/html" });
  // ruleid: javascript.xss-response
  res.end("<h1>" + q.name + "</h1>");
}).listen(8080);

const runCommand = (userCmd) =>
  new Promise((resolve, reject) => {
    // ruleid: javascript.command-non-literal
    exec(userCmd, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });

function diskUsage(options) {
  // ruleid: javascript.command-non-literal
  childProcess.execSync(options.command);
  const fixed = "df -h";
  // ok: javascript.command-non-literal
  exec(fixed);
  // ok: javascript.command-non-literal
  execFile("df", ["-h", options.mount]);
  // ok: javascript.command-non-literal
  return /^\/dev\//.exec(options.mount);
}

function merge(target, source) {
  for (const key in source) {
    if (typeof source[key] === "object" && source[key] !== null) {
      // ruleid: javascript.prototype-pollution-merge
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
      // ok: javascript.prototype-pollution-merge
      target[key] = safeMerge(target[key] || {}, source[key]);
    } else {
      target[key] = source[key];
    }
  }
  return target;
}

function shallowCopy(target, source) {
  for (const key in source) {
    // ok: javascript.prototype-pollution-merge
    target[key] = String(source[key]);
  }
  return target;
}

exports.handler = async (event) => {
  const name = event.queryStringParameters.name;
  // ruleid: javascript.command-injection, javascript.command-injection-exec
  execSync("grep " + name + " /var/log/app.log");
  return { statusCode: 200 };
};

function findUserNode(doc, name) {
  // ruleid: javascript.xpath-built
  const a = xpath.select("//user[@name='" + name + "']", doc);
  // ok: javascript.xpath-built
  const b = xpath.select("//user", doc);
  return [a, b];
}

app.get("/echo", (req, res) => {
  // ruleid: javascript.xss-response
  res.send(req.query.message);
  // ok: javascript.xss-response
  res.send({ message: req.query.message });
});

function runWithShell(cmd) {
  // ruleid: javascript.command-non-literal
  return spawn(cmd, { shell: true });
}

function runArgs(file) {
  // ruleid: javascript.command-non-literal
  childProcess.spawnSync(file, [], { shell: true, stdio: "inherit" });
  // ok: javascript.command-non-literal
  return spawn("ls", ["-la", file]);
}

function renderUserTemplate(source, data) {
  // ruleid: javascript.template-injection
  const fn = dot.template(source);
  // ruleid: javascript.template-injection
  const html = Mustache.render(source, data);
  // ok: javascript.template-injection
  const page = Mustache.render("<p>{{name}}</p>", data);
  return fn(data) + html + page;
}

function cloneRepo(gitUrl, dest) {
  // ruleid: javascript.git-argument-injection
  const git = spawn("git", ["clone", gitUrl, dest]);
  // ok: javascript.git-argument-injection
  const safe = spawn("git", ["clone", "--", gitUrl, dest]);
  // ok: javascript.git-argument-injection
  const fixed = spawn("git", ["clone", "https://github.com/org/repo.git"]);
  return [git, safe, fixed];
}

function runShell(userInput) {
  // ruleid: javascript.shelljs-exec-non-literal
  shell.exec(userInput, { silent: true });
  // ok: javascript.shelljs-exec-non-literal
  shell.exec("npm test", { silent: true });
}

async function usersOlderThan(pool, age, minAge) {
  var sql = "SELECT name FROM users WHERE age > " + age;
  // ruleid: javascript.sql-string-built
  const a = await pool.query(sql);
  let query = "SELECT name FROM users WHERE age = ";
  query += minAge;
  // ruleid: javascript.sql-string-built
  const b = await pool.query(query);
  // ruleid: javascript.sql-string-built
  const c = await pool.query("SELECT * FROM users WHERE id = ".concat(age));
  // ok: javascript.sql-string-built
  const d = await pool.query("SELECT * FROM users WHERE id = $1", [age]);
  return [a, b, c, d];
}

// exec wrapped in a promise by util.promisify: the same shell
const execAsync = util.promisify(exec);
router.get("/lookup", async (ctx) => {
  const domain = ctx.query.domain;
  // ruleid: javascript.command-injection
  const { stdout } = await execAsync("nslookup " + domain);
  // ok: javascript.command-injection
  const { stdout: listing } = await execAsync("ls /srv/static");
  ctx.body = stdout + listing;
});

// Next.js App Router route handler; postgres.js sql.unsafe
export async function GET(request) {
  const id = request.nextUrl.searchParams.get("id");
  // ruleid: javascript.sql-injection, javascript.sql-built-from-request
  const rows = await sql.unsafe(`SELECT * FROM invoices WHERE id = ${id}`);
  // ok: javascript.sql-injection
  const same = await sql.unsafe("SELECT * FROM invoices WHERE id = $1", [id]);
  return Response.json([rows, same]);
}

export async function POST(request) {
  const body = await request.json();
  // ruleid: javascript.command-injection, javascript.command-injection-exec
  exec("convert " + body.file + " out.png");
  return new Response("ok");
}
