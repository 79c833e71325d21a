const bcrypt = require('bcrypt');

async function registerUser(username, password) {
  const hashedPassword = await bcrypt.hash(password, 12);
  await db.users.insert({ username, password: hashedPassword });
  return { username };
}
