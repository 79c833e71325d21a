import fs from "fs";

function saveUpload(dest: string, buffer: string) {
  fs.writeFileSync(dest, buffer, { mode: 0o600 });
  fs.chmodSync(dest, 0o644);
  return dest;
}

export { saveUpload };
