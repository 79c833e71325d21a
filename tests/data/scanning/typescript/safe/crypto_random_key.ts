import crypto from "crypto";

function generateApiKey() {
  return crypto.randomBytes(30).toString("base64url");
}

export { generateApiKey };
