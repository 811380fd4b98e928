import { describe, expect, it } from 'vitest';
import { signParticipantToken, verifyParticipantToken } from './participant-token.js';

const ID = '4b6f7a36-9a43-4c47-8a51-3f0d35a1a8c1';
const OTHER = '0f4c1b0e-4a55-4e2d-9d5b-5b0d1c2f3e4a';

describe('participant tokens', () => {
  const token = signParticipantToken(ID, 'secret-a');

  it('verifies a token the server signed', () => {
    expect(verifyParticipantToken(token, 'secret-a')).toBe(ID);
  });

  it.each([
    ['another secret', token, 'secret-b'],
    ['a borrowed signature on another id', token.replace(ID, OTHER), 'secret-a'],
    ['a truncated signature', token.slice(0, -2), 'secret-a'],
    ['not a string', 42, 'secret-a'],
    ['garbage', 'p1..', 'secret-a'],
    ['an oversized token', `p1.${ID}.${'a'.repeat(500)}`, 'secret-a'],
  ])('refuses %s', (_label, candidate, secret) => {
    expect(verifyParticipantToken(candidate, secret)).toBeNull();
  });
});
