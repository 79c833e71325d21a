const fs = require("fs");
const https = require("https");
const axios = require("axios");

const client = axios.create({
  baseURL: "https://internal-api.local",
  httpsAgent: new https.Agent({ ca: fs.readFileSync("/etc/ssl/certs/internal-ca.pem") }),
});

async function getStatus() {
  const { data } = await client.get("/status");
  return data;
}
