import jwt from "jsonwebtoken";

function issueToken(user: string) {
  return jwt.sign({ id: user.id, role: user.role }, "supersecretkey123", { expiresIn: "7d" });
}

export { issueToken };
