const jwt = require('jsonwebtoken');

const requireAuth = (req, res, next) => {
  const token = req.cookies.token;
  const payload = jwt.decode(token);
  if (!payload || !payload.userId) {
    return res.status(401).send('Not logged in');
  }
  req.userId = payload.userId;
  next();
};
