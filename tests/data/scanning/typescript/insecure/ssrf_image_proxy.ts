import type { Request, Response } from "express";
import express from "express";
import axios from "axios";

const app = express();

app.get("/image-proxy", async (req: Request, res: Response) => {
  const response = await axios.get(req.query.url, { responseType: "arraybuffer" });
  res.set("Content-Type", response.headers["content-type"]);
  res.send(response.data);
});
