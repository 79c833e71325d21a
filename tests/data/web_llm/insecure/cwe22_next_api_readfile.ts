import type { NextApiRequest, NextApiResponse } from 'next';
import fs from 'fs';
import path from 'path';

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  const { file } = req.query;
  const content = fs.readFileSync(path.join(process.cwd(), 'content', file as string), 'utf-8');
  res.status(200).send(content);
}
