const { Pool } = require('pg');
const pool = new Pool();

async function findProducts(req, res) {
  const category = req.query.category;
  const sql = "SELECT name, price FROM products WHERE category = '" + category + "'";
  const result = await pool.query(sql);
  res.json(result.rows);
}

module.exports = { findProducts };
