app.use((err: Error, req: Request, res: Response, next: NextFunction) => {
  console.error(err);
  // ruleid: typescript.stack-trace-in-response
  res.status(500).send(err.stack);
});

app.get("/report", async (req, res) => {
  try {
    res.json(await buildReport());
  } catch (e: any) {
    // ruleid: typescript.stack-trace-in-response
    res.json({ error: e.message, stack: e.stack });
  }
});

app.use((err: Error, req: Request, res: Response, next: NextFunction) => {
  logger.error(err.stack);
  // ok: typescript.stack-trace-in-response
  res.status(500).json({ error: "Internal server error" });
});

function renderStack(res, frames) {
  // ok: typescript.stack-trace-in-response
  res.send(frames.length);
}
