import { Router, Request, Response } from 'express';

const router = Router();

router.get('/callback', (req: Request, res: Response) => {
  const next = req.query.next as string;
  res.redirect(next);
});

export default router;
