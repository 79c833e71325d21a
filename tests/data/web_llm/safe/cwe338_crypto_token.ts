import { randomBytes } from 'crypto';

export function generateResetToken(): string {
  return randomBytes(32).toString('hex');
}

export function shuffleColors(colors: string[]): string[] {
  return colors.sort(() => Math.random() - 0.5);
}
