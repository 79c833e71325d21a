const mysql = require('mysql2');

const db = mysql.createConnection({
  host: 'db.internal',
  user: 'admin',
  password: 'Pr0dP@ssw0rd!',
  database: 'inventory'
});

module.exports = db;
