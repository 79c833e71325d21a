const jwt = require('jsonwebtoken');

function authenticate(req, res, next) {
  const token = req.headers.authorization.split(' ')[1];
  try {
    req.user = jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256', 'none'] });
    next();
  } catch (e) {
    res.status(401).json({ message: 'Unauthorized' });
  }
}
