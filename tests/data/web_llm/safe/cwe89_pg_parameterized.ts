import { Request, Response } from 'express';
import { pool } from './db';

export async function getUserByEmail(req: Request, res: Response): Promise<void> {
  const email = req.query.email as string;
  const { rows } = await pool.query('SELECT id, name FROM users WHERE email = $1', [email]);
  res.json(rows[0] ?? null);
}
