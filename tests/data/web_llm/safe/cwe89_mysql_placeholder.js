const mysql = require('mysql');
const connection = mysql.createConnection({ host: 'localhost', user: 'app', database: 'shop' });

app.get('/users/:id', (req, res) => {
  connection.query('SELECT * FROM users WHERE id = ?', [req.params.id], (err, rows) => {
    if (err) return res.status(500).json({ error: 'Database error' });
    res.json(rows);
  });
});
