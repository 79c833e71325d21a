app.get('/orders', async (req, res) => {
  const status = req.query.status;
  const orders = await knex.raw(`select * from orders where status = '${status}'`);
  res.json(orders.rows);
});
