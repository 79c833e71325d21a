const bcrypt = require("bcrypt");

async function registerUser(db, username, password) {
  const hash = await bcrypt.hash(password, 12);
  await db.query("INSERT INTO users (username, password_hash) VALUES ($1, $2)", [username, hash]);
}

module.exports = { registerUser };
