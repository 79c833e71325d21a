import type { Request, Response } from "express";
import express from "express";
import escapeHtml from "escape-html";
const app = express();

app.get("/search", (req: Request, res: Response) => {
  const q = String(req.query.q || "");
  res.render("search", { q, results: searchIndex(q) });
});

app.get("/search-inline", (req: Request, res: Response) => {
  res.send(`<h1>Results for ${escapeHtml(req.query.q)}</h1>`);
});
