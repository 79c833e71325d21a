const { spawnSync } = require("child_process");

function createThumbnail(inputPath, outputPath) {
  const result = spawnSync("convert", [inputPath, "-resize", "200x200", outputPath]);
  if (result.status !== 0) throw new Error("convert failed");
  return outputPath;
}

module.exports = { createThumbnail };
