import { Pool } from "pg";

const pool = new Pool();

async function getUserByEmail(email: string) {
  const result = await pool.query("SELECT id, name FROM users WHERE email = $1", [email]);
  return result.rows[0];
}

export { getUserByEmail };
