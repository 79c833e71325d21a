const crypto = require('crypto');
const ITERATIONS = 600000;
function hashPassword(password) {
  const salt = crypto.randomBytes(16);
  const hash = crypto.pbkdf2Sync(password, salt, ITERATIONS, 32, 'sha256');
  return `${salt.toString('hex')}:${hash.toString('hex')}`;
}
