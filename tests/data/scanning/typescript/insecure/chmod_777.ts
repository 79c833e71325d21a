import fs from "fs";

function saveUpload(dest: string, buffer: string) {
  fs.writeFileSync(dest, buffer);
  fs.chmodSync(dest, 0o777);
  return dest;
}

export { saveUpload };
