import { Request, Response } from 'express';

export function evaluateFormula(req: Request, res: Response) {
  const formula: string = req.body.formula;
  const value = eval(formula.replace(/x/g, String(req.body.x)));
  res.json({ value });
}
