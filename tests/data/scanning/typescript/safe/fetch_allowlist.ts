import type { Request, Response } from "express";
import express from "express";

const app = express();
const ALLOWED_HOSTS = ["images.example.com", "cdn.example.com"];

app.get("/image-proxy", async (req: Request, res: Response) => {
  const target = String(req.query.url);
  if (!ALLOWED_HOSTS.includes(new URL(target).hostname)) {
    return res.status(400).send("host not allowed");
  }
  const response = await fetch(target, { redirect: "error" });
  res.set("Content-Type", response.headers.get("content-type"));
  res.send(Buffer.from(await response.arrayBuffer()));
});
