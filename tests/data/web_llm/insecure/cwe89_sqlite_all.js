const sqlite3 = require('sqlite3');
const db = new sqlite3.Database('app.db');

app.get('/notes', (req, res) => {
  db.all("SELECT * FROM notes WHERE owner = '" + req.query.user + "'", (err, rows) => {
    res.json(rows);
  });
});
