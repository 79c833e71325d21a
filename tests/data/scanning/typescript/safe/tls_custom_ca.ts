import fs from "fs";
import https from "https";
import axios from "axios";

const client = axios.create({
  baseURL: "https://internal-api.local",
  httpsAgent: new https.Agent({ ca: fs.readFileSync("/etc/ssl/certs/internal-ca.pem") }),
});

async function getStatus() {
  const { data } = await client.get("/status");
  return data;
}
