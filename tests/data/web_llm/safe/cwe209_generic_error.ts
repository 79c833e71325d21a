import { Request, Response, NextFunction } from 'express';

export function errorHandler(err: Error, req: Request, res: Response, _next: NextFunction) {
  logger.error({ err }, 'request failed');
  res.status(500).json({ error: 'Internal server error' });
}
