import type { Request, Response } from "express";
import express from "express";
const app = express();

app.post("/login", async (req: Request, res: Response) => {
  const user = await authenticate(req.body.username, req.body.password);
  if (!user) return res.status(401).send("Invalid login");
  req.session.user = user.id;
  const returnTo = req.query.returnTo || "/dashboard";
  res.redirect(returnTo);
});
