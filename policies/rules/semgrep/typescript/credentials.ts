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

const sessionOptions = {
  // ruleid: typescript.hardcoded-jwt-secret, typescript.hardcoded-credential
  secret: "s3ss10n-s3cr3t",
  resave: false,
};
app.use(session(sessionOptions));
// ok: typescript.hardcoded-jwt-secret
app.use(session({ secret: process.env.SESSION_SECRET, resave: false }));

function signPayload(data) {
  // ruleid: typescript.hardcoded-jwt-secret
  return crypto.createHmac("sha256", "pa4qacea4VK9t9nGv7yZtwmj").update(data).digest("hex");
}

function signPayloadFromEnv(data) {
  // ok: typescript.hardcoded-jwt-secret
  return crypto.createHmac("sha256", process.env.HMAC_KEY).update(data).digest("hex");
}

passport.use(
  new JwtStrategy(
    // ruleid: typescript.hardcoded-jwt-secret
    { jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: "jwt-secret-123" },
    (payload, done) => done(null, payload),
  ),
);
// ok: typescript.hardcoded-jwt-secret
passport.use(new JwtStrategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: process.env.JWT_SECRET }, verify));

function joseSign(payload) {
  const key = JWK.asKey("raz-dva-tri");
  // ruleid: typescript.hardcoded-jwt-secret
  return JWT.sign(payload, key);
}
