const jwt = require("jsonwebtoken");

function issueToken(user) {
  return jwt.sign({ id: user.id, role: user.role }, "supersecretkey123", { expiresIn: "7d" });
}

module.exports = { issueToken };
