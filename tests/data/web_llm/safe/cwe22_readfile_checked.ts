import fs from 'fs/promises';
import path from 'path';

const BASE_DIR = path.resolve('./documents');

export async function readDocument(name: string): Promise<string> {
  const target = path.resolve(BASE_DIR, name);
  if (!target.startsWith(BASE_DIR + path.sep)) {
    throw new Error('Invalid path');
  }
  return fs.readFile(target, 'utf8');
}
