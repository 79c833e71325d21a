const fs = require('fs');
const path = require('path');
const unzipper = require('unzipper');

fs.createReadStream('upload.zip')
  .pipe(unzipper.Parse())
  .on('entry', (entry) => {
    const fileName = entry.path;
    entry.pipe(fs.createWriteStream(path.join('/var/app/extracted', fileName)));
  });
