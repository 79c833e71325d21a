const crypto = require('crypto');
const KEY = crypto.scryptSync(process.env.APP_KEY, 'salt', 32);
const IV = Buffer.from('1234567890123456');

function encryptData(plaintext) {
  const cipher = crypto.createCipheriv('aes-256-cbc', KEY, IV);
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}
