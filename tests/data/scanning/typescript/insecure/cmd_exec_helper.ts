import { execSync } from "child_process";

function createThumbnail(inputPath: string, outputPath: string) {
  execSync("convert " + inputPath + " -resize 200x200 " + outputPath);
  return outputPath;
}

export { createThumbnail };
