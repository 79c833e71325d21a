const mysql = require('mysql');
const connection = mysql.createConnection({ host: 'localhost', user: 'app', database: 'shop' });

app.get('/users/:id', (req, res) => {
  const userId = req.params.id;
  connection.query(`SELECT * FROM users WHERE id = ${userId}`, (err, rows) => {
    if (err) throw err;
    res.json(rows);
  });
});
