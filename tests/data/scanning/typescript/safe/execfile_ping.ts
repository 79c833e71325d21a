import type { Request, Response } from "express";
import express from "express";
import net from "net";
import { execFile } from "child_process";

const app = express();

app.get("/api/ping", (req: Request, res: Response) => {
  const host = req.query.host;
  if (!net.isIP(host)) return res.status(400).send("invalid host");
  execFile("ping", ["-c", "4", host], (error, stdout) => {
    if (error) return res.status(500).send("ping failed");
    res.type("text/plain").send(stdout);
  });
});
