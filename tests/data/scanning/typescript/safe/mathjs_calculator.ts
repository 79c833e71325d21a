import type { Request, Response } from "express";
import express from "express";
import { evaluate } from "mathjs";

const app = express();
app.use(express.json());

app.post("/api/calculate", (req: Request, res: Response) => {
  try {
    res.json({ result: evaluate(String(req.body.expression)) });
  } catch (e) {
    res.status(400).json({ error: "Invalid expression" });
  }
});
