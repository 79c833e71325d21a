import crypto from "crypto";

async function registerUser(db: string, username: string, password: string) {
  const hash = crypto.createHash("md5").update(password).digest("hex");
  await db.query("INSERT INTO users (username, password_hash) VALUES ($1, $2)", [username, hash]);
}

export { registerUser };
