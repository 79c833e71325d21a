const mysql = require("mysql2");
const jwt = require("jsonwebtoken");
const session = require("express-session");

// ruleid: typescript.hardcoded-credential
const DB_PASSWORD = "Pr0d-Passw0rd!";
// ok: typescript.hardcoded-credential
const DB_PASSWORD_ENV = process.env.DB_PASSWORD;
// ok: typescript.hardcoded-credential
const apiKey = "";

const pool = mysql.createPool({
  host: "db.internal",
  user: "app",
  // ruleid: typescript.hardcoded-credential
  password: "s3cr3t-db-pass",
});

const pool2 = mysql.createPool({
  host: "db.internal",
  user: "app",
  // ok: typescript.hardcoded-credential
  password: process.env.DB_PASSWORD,
});

function issue(user: { id: string }) {
  // ruleid: typescript.hardcoded-jwt-secret
  return jwt.sign({ sub: user.id }, "my-super-secret", { expiresIn: "1h" });
}

function issueOk(user: { id: string }) {
  // ok: typescript.hardcoded-jwt-secret
  return jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { expiresIn: "1h" });
}

// ruleid: typescript.hardcoded-jwt-secret
app.use(session({ secret: "keyboard cat", resave: false, saveUninitialized: false }));
