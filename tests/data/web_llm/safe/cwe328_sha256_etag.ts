import { createHash } from 'crypto';

export function etagFor(body: string): string {
  return '"' + createHash('sha256').update(body).digest('hex') + '"';
}
