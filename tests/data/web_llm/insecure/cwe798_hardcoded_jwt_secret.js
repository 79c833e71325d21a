const jwt = require('jsonwebtoken');
const JWT_SECRET = 'myS3cr3tK3y!2024';

function issueToken(user) {
  return jwt.sign({ id: user.id, role: user.role }, JWT_SECRET, { expiresIn: '1h' });
}
