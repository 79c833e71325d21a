const { execSync } = require("child_process");

function createThumbnail(inputPath, outputPath) {
  execSync("convert " + inputPath + " -resize 200x200 " + outputPath);
  return outputPath;
}

module.exports = { createThumbnail };
