import crypto from "crypto";

function encrypt(text: string, key: string) {
  const cipher = crypto.createCipheriv("des-ede3-cbc", key, Buffer.alloc(8, 0));
  return cipher.update(text, "utf8", "base64") + cipher.final("base64");
}

export { encrypt };
