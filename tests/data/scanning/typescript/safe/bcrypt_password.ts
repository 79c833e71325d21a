import bcrypt from "bcrypt";

async function registerUser(db: string, username: string, password: string) {
  const hash = await bcrypt.hash(password, 12);
  await db.query("INSERT INTO users (username, password_hash) VALUES ($1, $2)", [username, hash]);
}

export { registerUser };
