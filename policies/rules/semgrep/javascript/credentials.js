const mysql = require("mysql2");
const jwt = require("jsonwebtoken");
const session = require("express-session");

// ruleid: javascript.hardcoded-credential
const DB_PASSWORD = "Pr0d-Passw0rd!";
// ok: javascript.hardcoded-credential
const DB_PASSWORD_ENV = process.env.DB_PASSWORD;
// ok: javascript.hardcoded-credential
const apiKey = "";

const pool = mysql.createPool({
  host: "db.internal",
  user: "app",
  // ruleid: javascript.hardcoded-credential
  password: "s3cr3t-db-pass",
});

const pool2 = mysql.createPool({
  host: "db.internal",
  user: "app",
  // ok: javascript.hardcoded-credential
  password: process.env.DB_PASSWORD,
});

function issue(user) {
  // ruleid: javascript.hardcoded-jwt-secret
  return jwt.sign({ sub: user.id }, "my-super-secret", { expiresIn: "1h" });
}

function issueJose(payload) {
  // ruleid: javascript.hardcoded-jwt-secret
  return JWT.sign(payload, JWK.asKey("raz-dva-tri"));
}

function issueOk(user) {
  // ok: javascript.hardcoded-jwt-secret
  return jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { expiresIn: "1h" });
}

// ruleid: javascript.hardcoded-jwt-secret
app.use(session({ secret: "keyboard cat", resave: false, saveUninitialized: false }));

const sessionOptions = {
  // ruleid: javascript.hardcoded-jwt-secret, javascript.hardcoded-credential
  secret: "s3ss10n-s3cr3t",
  resave: false,
};
app.use(session(sessionOptions));
// ok: javascript.hardcoded-jwt-secret
app.use(session({ secret: process.env.SESSION_SECRET, resave: false }));

function signPayload(data) {
  // ruleid: javascript.hardcoded-jwt-secret
  return crypto.createHmac("sha256", "pa4qacea4VK9t9nGv7yZtwmj").update(data).digest("hex");
}

function signPayloadFromEnv(data) {
  // ok: javascript.hardcoded-jwt-secret
  return crypto.createHmac("sha256", process.env.HMAC_KEY).update(data).digest("hex");
}

passport.use(
  new JwtStrategy(
    // ruleid: javascript.hardcoded-jwt-secret
    { jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: "jwt-secret-123" },
    (payload, done) => done(null, payload),
  ),
);
// ok: javascript.hardcoded-jwt-secret
passport.use(new JwtStrategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: process.env.JWT_SECRET }, verify));

function joseSign(payload) {
  const key = JWK.asKey("raz-dva-tri");
  // ruleid: javascript.hardcoded-jwt-secret
  return JWT.sign(payload, key);
}
