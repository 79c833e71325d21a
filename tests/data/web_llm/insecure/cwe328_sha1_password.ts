import { createHash } from 'crypto';

export function hashPassword(password: string): string {
  return createHash('sha1').update(password).digest('hex');
}

export function verifyPassword(password: string, stored: string): boolean {
  return hashPassword(password) === stored;
}
