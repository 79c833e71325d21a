const fs = require("fs");

function saveUpload(dest, buffer) {
  fs.writeFileSync(dest, buffer, { mode: 0o600 });
  fs.chmodSync(dest, 0o644);
  return dest;
}

module.exports = { saveUpload };
