import { createHash, randomBytes } from 'node:crypto';

/** A link's secret: 32 random bytes. Only its SHA-256 is stored, so a database leak opens no console. */
export function newGrantSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashGrantSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
