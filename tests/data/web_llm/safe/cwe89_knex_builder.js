app.get('/orders', async (req, res) => {
  const orders = await knex('orders').where({ status: String(req.query.status) }).select('*');
  res.json(orders);
});
