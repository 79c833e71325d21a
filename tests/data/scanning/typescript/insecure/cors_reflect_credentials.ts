import type { Request, Response } from "express";
import express from "express";
import cors from "cors";

const app = express();

app.use(cors({ origin: true, credentials: true }));

app.get("/api/me", (req: Request, res: Response) => {
  res.json({ user: req.session.user });
});
