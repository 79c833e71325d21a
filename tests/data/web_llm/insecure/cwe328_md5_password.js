const crypto = require('crypto');

async function registerUser(username, password) {
  const hashedPassword = crypto.createHash('md5').update(password).digest('hex');
  await db.users.insert({ username, password: hashedPassword });
  return { username };
}
