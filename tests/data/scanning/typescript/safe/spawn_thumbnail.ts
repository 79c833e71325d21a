import { spawnSync } from "child_process";

function createThumbnail(inputPath: string, outputPath: string) {
  const result = spawnSync("convert", [inputPath, "-resize", "200x200", outputPath]);
  if (result.status !== 0) throw new Error("convert failed");
  return outputPath;
}

export { createThumbnail };
