import type { Request, Response } from "express";
import express from "express";
const app = express();
app.use(express.json());

app.post("/api/calculate", (req: Request, res: Response) => {
  const { expression } = req.body;
  try {
    const result = eval(expression);
    res.json({ result });
  } catch (e) {
    res.status(400).json({ error: "Invalid expression" });
  }
});
