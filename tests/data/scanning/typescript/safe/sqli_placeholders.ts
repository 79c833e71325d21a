import type { Request, Response } from "express";
import express from "express";
import mysql from "mysql2/promise";

const app = express();
const pool = mysql.createPool({ host: "localhost", user: "app", database: "shop" });

app.get("/api/products", async (req: Request, res: Response) => {
  const { category } = req.query;
  const [rows] = await pool.query("SELECT id, name, price FROM products WHERE category = ?", [category]);
  res.json(rows);
});

app.listen(3000);
