const yaml = require('js-yaml');
const fs = require('fs');

const config = yaml.load(fs.readFileSync('./config.yml', 'utf8'), { schema: yaml.JSON_SCHEMA });
module.exports = config;
