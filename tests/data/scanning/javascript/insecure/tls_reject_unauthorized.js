const https = require("https");
const axios = require("axios");

const client = axios.create({
  baseURL: "https://internal-api.local",
  httpsAgent: new https.Agent({ rejectUnauthorized: false }),
});

async function getStatus() {
  const { data } = await client.get("/status");
  return data;
}
