import type { Request, Response } from "express";
import express from "express";
import cookieParser from "cookie-parser";

const app = express();
app.use(cookieParser(process.env.COOKIE_SECRET));

app.get("/", (req: Request, res: Response) => {
  const raw = req.signedCookies.profile;
  if (raw) {
    const profile = JSON.parse(raw);
    return res.json({ welcome: profile.username });
  }
  res.json({ welcome: null });
});
