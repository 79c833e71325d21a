import type { Request, Response } from "express";
import express from "express";
import { exec } from "child_process";

const app = express();

app.get("/api/ping", (req: Request, res: Response) => {
  const host = req.query.host;
  exec(`ping -c 4 ${host}`, (error, stdout) => {
    if (error) return res.status(500).send(error.message);
    res.type("text/plain").send(stdout);
  });
});
