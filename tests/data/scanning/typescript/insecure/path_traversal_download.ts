import type { Request, Response } from "express";
import express from "express";
import fs from "fs";
import path from "path";

const app = express();
const UPLOADS = path.join(__dirname, "uploads");

app.get("/files/:name", (req: Request, res: Response) => {
  const filePath = path.join(UPLOADS, req.params.name);
  fs.readFile(filePath, (err, data) => {
    if (err) return res.status(404).send("Not found");
    res.send(data);
  });
});
