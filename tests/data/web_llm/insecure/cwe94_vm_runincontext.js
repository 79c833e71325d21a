const vm = require('vm');

app.post('/sandbox', (req, res) => {
  const context = vm.createContext({ result: null });
  vm.runInNewContext(req.body.script, context);
  res.send(String(context.result));
});
