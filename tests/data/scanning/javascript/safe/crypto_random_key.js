const crypto = require("crypto");

function generateApiKey() {
  return crypto.randomBytes(30).toString("base64url");
}

module.exports = { generateApiKey };
