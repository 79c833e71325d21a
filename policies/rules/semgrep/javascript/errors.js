app.use((err, req, res, next) => {
  console.error(err);
  // ruleid: javascript.stack-trace-in-response
  res.status(500).send(err.stack);
});

app.get("/report", async (req, res) => {
  try {
    res.json(await buildReport());
  } catch (e) {
    // ruleid: javascript.stack-trace-in-response
    res.json({ error: e.message, stack: e.stack });
  }
});

app.use((err, req, res, next) => {
  logger.error(err.stack);
  // ok: javascript.stack-trace-in-response
  res.status(500).json({ error: "Internal server error" });
});

function renderStack(res, frames) {
  // ok: javascript.stack-trace-in-response
  res.send(frames.length);
}
