import type { Request, Response } from "express";
import express from "express";
import cookieParser from "cookie-parser";
import serialize from "node-serialize";

const app = express();
app.use(cookieParser());

app.get("/", (req: Request, res: Response) => {
  if (req.cookies.profile) {
    const profile = serialize.unserialize(Buffer.from(req.cookies.profile, "base64").toString());
    return res.send("Welcome back, " + escape(profile.username));
  }
  res.send("Hello, stranger");
});
