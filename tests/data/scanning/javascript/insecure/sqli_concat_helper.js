const { Pool } = require("pg");

const pool = new Pool();

async function getUserByEmail(email) {
  const result = await pool.query("SELECT id, name FROM users WHERE email = '" + email + "'");
  return result.rows[0];
}

module.exports = { getUserByEmail };
