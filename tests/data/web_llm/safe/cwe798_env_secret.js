const jwt = require('jsonwebtoken');
const JWT_SECRET = process.env.JWT_SECRET;

function issueToken(user) {
  return jwt.sign({ id: user.id, role: user.role }, JWT_SECRET, { expiresIn: '1h' });
}
