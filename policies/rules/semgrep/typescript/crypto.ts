import type { NextFunction, Request, Response } from "express";
const crypto = require("crypto");
const https = require("https");
const jwt = require("jsonwebtoken");

function hashPassword(password: string) {
  // ruleid: typescript.weak-password-hash
  return crypto.createHash("md5").update(password).digest("hex");
}

function hashPasswordOk(password: string, salt: string) {
  // ok: typescript.weak-password-hash
  return crypto.scryptSync(password, salt, 64).toString("hex");
}

function etag(body: string) {
  // ruleid: typescript.weak-hash
  return crypto.createHash("sha1").update(body).digest("hex");
}

function digest(body: string) {
  // ok: typescript.weak-hash
  return crypto.createHash("sha256").update(body).digest("hex");
}

function encryptLegacy(key: string, text: string) {
  // ruleid: typescript.weak-cipher
  const cipher = crypto.createCipher("aes-256-cbc", key);
  return cipher.update(text, "utf8", "hex") + cipher.final("hex");
}

function encryptEcb(key: string, text: string) {
  // ruleid: typescript.weak-cipher
  const cipher = crypto.createCipheriv("aes-128-ecb", key, null);
  return cipher.update(text, "utf8", "hex") + cipher.final("hex");
}

function encryptGcm(key: string, text: string) {
  const iv = crypto.randomBytes(12);
  // ok: typescript.weak-cipher
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  return Buffer.concat([iv, cipher.update(text), cipher.final(), cipher.getAuthTag()]);
}

function generateResetToken() {
  let out = "";
  for (let i = 0; i < 32; i++) {
    // ruleid: typescript.insecure-random-secret, typescript.insecure-random-string
    out += Math.random().toString(36).charAt(2);
  }
  return out;
}

function createSession(user: string) {
  // ruleid: typescript.insecure-random-secret, typescript.insecure-random-string
  const sessionId = Math.random().toString(36).slice(2);
  // ok: typescript.insecure-random-secret
  const csrfToken = crypto.randomBytes(32).toString("hex");
  return { user, sessionId, csrfToken };
}

function jitter(ms: string) {
  // ok: typescript.insecure-random-secret
  return ms + Math.floor(Math.random() * 100);
}

// ruleid: typescript.tls-verification-disabled
const agent = new https.Agent({ rejectUnauthorized: false });
// ok: typescript.tls-verification-disabled
const agent2 = new https.Agent({ ca: fs.readFileSync("/etc/ssl/corp-ca.pem") });
// ruleid: typescript.tls-verification-disabled
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";

function authenticate(req: Request, res: Response, next: NextFunction) {
  const token = (req.headers.authorization || "").replace("Bearer ", "");
  // ruleid: typescript.jwt-verification-disabled
  const claims = jwt.decode(token);
  if (!claims) return res.status(401).end();
  req.user = claims;
  next();
}

function authenticateOk(req: Request, res: Response, next: NextFunction) {
  const token = (req.headers.authorization || "").replace("Bearer ", "");
  try {
    // ok: typescript.jwt-verification-disabled
    req.user = jwt.verify(token, process.env.JWT_SECRET, { algorithms: ["HS256"] });
    next();
  } catch (e) {
    res.status(401).end();
  }
}

function randomId(length) {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  let id = "";
  for (let i = 0; i < length; i++) {
    // ruleid: typescript.insecure-random-string
    id += chars.charAt(Math.floor(Math.random() * chars.length));
    // ruleid: typescript.insecure-random-string
    id += chars[Math.floor(Math.random() * chars.length)];
    // ok: typescript.insecure-random-string
    id += chars[crypto.randomInt(chars.length)];
  }
  // ok: typescript.insecure-random-string
  const delay = Math.floor(Math.random() * 1000);
  return id + delay;
}

function fileEtag(body) {
  // ruleid: typescript.weak-hash
  return crypto.createHash("md5").update(body).digest("hex");
}

const ALGORITHM = "aes-256-cbc";
const KEY = "my-super-secret-key-32-chars-lon";

function encryptFixed(text) {
  const iv = Buffer.alloc(16, 0);
  // ruleid: typescript.hardcoded-cipher-key, typescript.static-iv
  const cipher = crypto.createCipheriv(ALGORITHM, KEY, iv);
  // ruleid: typescript.hardcoded-cipher-key
  const other = crypto.createCipheriv(ALGORITHM, Buffer.from("0123456789abcdef0123456789abcdef"), crypto.randomBytes(16));
  return cipher.update(text, "utf8", "hex") + cipher.final("hex") + other;
}

function encryptFresh(text) {
  const key = Buffer.from(process.env.DATA_KEY, "base64");
  const iv = crypto.randomBytes(16);
  // ok: typescript.hardcoded-cipher-key, typescript.static-iv
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  return Buffer.concat([iv, cipher.update(text), cipher.final(), cipher.getAuthTag()]);
}

// ruleid: typescript.weak-tls-version
const legacy = tls.createServer({ key: serverKey, cert: serverCert, secureProtocol: "TLSv1_method" });
// ruleid: typescript.weak-tls-version
const agentOld = new https.Agent({ minVersion: "TLSv1" });
// ok: typescript.weak-tls-version
const agentNew = new https.Agent({ minVersion: "TLSv1.2" });

function readSimpleToken(token, secretKey) {
  // ruleid: typescript.jwt-simple-noverify
  const claims = jwt.decode(token, secretKey, true);
  // ruleid: typescript.jwt-simple-noverify
  const other = jwt.decode(token, secretKey, "HS256");
  // ok: typescript.jwt-simple-noverify
  const checked = jwt.decode(token, secretKey);
  // ok: typescript.jwt-simple-noverify
  const pinned = jwt.decode(token, secretKey, false, "HS256");
  return [claims, other, checked, pinned];
}

function newResetToken() {
  // ruleid: typescript.pseudo-random-bytes
  const weak = crypto.pseudoRandomBytes(16).toString("hex");
  // ok: typescript.pseudo-random-bytes
  const strong = crypto.randomBytes(16).toString("hex");
  return weak + strong;
}

function hashPassword(password, salt) {
  // ruleid: typescript.pbkdf2-few-iterations
  const weak = crypto.pbkdf2Sync(password, salt, 1000, 32, "sha1");
  // ruleid: typescript.pbkdf2-few-iterations
  pbkdf2(password, salt, 10000, 64, "sha512", (err, key) => key);
  // ok: typescript.pbkdf2-few-iterations
  const strong = crypto.pbkdf2Sync(password, salt, 600000, 32, "sha256");
  // ok: typescript.pbkdf2-few-iterations
  const configured = crypto.pbkdf2Sync(password, salt, ITERATIONS, 32, "sha256");
  return [weak, strong, configured];
}
