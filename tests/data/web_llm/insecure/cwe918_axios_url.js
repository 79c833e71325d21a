const axios = require('axios');

app.get('/proxy', async (req, res) => {
  try {
    const response = await axios.get(req.query.url);
    res.send(response.data);
  } catch (err) {
    res.status(502).send('Upstream error');
  }
});
