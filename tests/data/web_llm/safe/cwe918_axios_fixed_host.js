const axios = require('axios');

app.get('/weather', async (req, res) => {
  const city = encodeURIComponent(req.query.city || 'London');
  const response = await axios.get('https://api.weather.example.com/v1/current', {
    params: { q: city, key: process.env.WEATHER_API_KEY },
  });
  res.json(response.data);
});
