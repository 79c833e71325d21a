const https = require('https');

const agent = new https.Agent({ rejectUnauthorized: false });

async function getStatus() {
  const res = await fetch('https://internal-api.example.com/status', { agent });
  return res.json();
}
