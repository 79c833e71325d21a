import type { NextFunction, Request, Response } from "express";
import jwt from "jsonwebtoken";

function requireAuth(req: Request, res: Response, next: NextFunction) {
  const token = req.headers.authorization?.split(" ")[1];
  if (!token) return res.status(401).json({ error: "Missing token" });
  const payload = jwt.decode(token);
  if (!payload || payload.exp * 1000 < Date.now()) {
    return res.status(401).json({ error: "Invalid token" });
  }
  req.user = payload;
  next();
}

export default requireAuth;
