router.get('/search', async (req, res) => {
  const term = req.query.q;
  const results = await sequelize.query(
    `SELECT * FROM articles WHERE title LIKE '%${term}%'`,
    { type: QueryTypes.SELECT }
  );
  res.json(results);
});
