const express = require("express");
const mysql = require("mysql2/promise");

const app = express();
const pool = mysql.createPool({ host: "localhost", user: "app", database: "shop" });

app.get("/api/products", async (req, res) => {
  const { category } = req.query;
  const [rows] = await pool.query(`SELECT id, name, price FROM products WHERE category = '${category}'`);
  res.json(rows);
});

app.listen(3000);
