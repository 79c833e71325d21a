const fs = require("fs");

function saveUpload(dest, buffer) {
  fs.writeFileSync(dest, buffer);
  fs.chmodSync(dest, 0o777);
  return dest;
}

module.exports = { saveUpload };
