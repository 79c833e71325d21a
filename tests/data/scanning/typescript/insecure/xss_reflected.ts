import type { Request, Response } from "express";
import express from "express";
const app = express();

app.get("/search", (req: Request, res: Response) => {
  const q = req.query.q || "";
  const results = searchIndex(q);
  res.send(`<h1>Results for ${q}</h1><ul>${results.map((r) => `<li>${r.title}</li>`).join("")}</ul>`);
});
