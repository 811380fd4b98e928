import { createHmac, timingSafeEqual } from 'node:crypto';
import { isUuid } from '../../../../shared/contracts/fields.js';

/**
 * Participant tokens: `p1.<participant id>.<HMAC-SHA256 of the id>`. The server issues them and
 * verifies them on every handshake, so an identity cannot be forged or borrowed by changing an
 * id: only the server's secret makes a valid signature.
 */
const PREFIX = 'p1';

export function signParticipantToken(participantId: string, secret: string): string {
  return `${PREFIX}.${participantId}.${signature(participantId, secret)}`;
}

/** The participant id the token was issued for, or null when it is malformed or forged. */
export function verifyParticipantToken(token: unknown, secret: string): string | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const [prefix, id, sig] = token.split('.');
  if (prefix !== PREFIX || !id || !sig || !isUuid(id)) return null;
  const expected = Buffer.from(signature(id, secret));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

function signature(participantId: string, secret: string): string {
  return createHmac('sha256', secret).update(`participant:${participantId}`).digest('base64url');
}
