import type { Request, Response } from "express";
import express from "express";
import User from "./models/user";

const router = express.Router();

router.post("/login", async (req: Request, res: Response) => {
  const user = await User.findOne({ username: req.body.username, password: req.body.password });
  if (!user) {
    return res.status(401).json({ error: "Invalid credentials" });
  }
  req.session.userId = user._id;
  res.json({ ok: true });
});

export default router;
