const serialize = require('node-serialize');

app.get('/profile', (req, res) => {
  if (req.cookies.profile) {
    const profile = serialize.unserialize(Buffer.from(req.cookies.profile, 'base64').toString());
    res.send('Hello ' + profile.username);
  }
});
