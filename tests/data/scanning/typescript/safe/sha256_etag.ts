import crypto from "crypto";

function etag(body: string) {
  return '"' + crypto.createHash("sha256").update(body).digest("base64url") + '"';
}

export { etag };
