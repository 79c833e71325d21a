import { Request, Response } from 'express';

const settings: Record<string, Record<string, unknown>> = { ui: {}, email: {} };

// PATCH /settings  { "section": "ui", "key": "theme", "value": "dark" }
export function updateSetting(req: Request, res: Response) {
  const { section, key, value } = req.body;
  if (!settings[section]) settings[section] = {};
  settings[section][key] = value;
  res.json(settings[section]);
}
