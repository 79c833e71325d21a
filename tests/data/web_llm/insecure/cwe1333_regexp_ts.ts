export function filterLogs(lines: string[], userPattern: string): string[] {
  const re = new RegExp(userPattern);
  return lines.filter((line) => re.test(line));
}

app.get('/logs', (req, res) => res.json(filterLogs(logLines, req.query.filter as string)));
