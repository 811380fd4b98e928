import { describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../../../test-support/questions.js';
import { forgetGrantSecret, grantStorageKey, takeGrantSecret } from './grant-secret.js';

function environment(hash: string, stored: Record<string, string> = {}) {
  const replaceState = vi.fn();
  return {
    env: {
      location: { hash, pathname: '/e/course/moderate', search: '?part=p1' },
      history: { state: { kept: true }, replaceState },
      storage: memoryStorage(stored),
    },
    replaceState,
  };
}

describe('takeGrantSecret', () => {
  it('takes the secret from the fragment, keeps it for the tab and removes it from the address', () => {
    const { env, replaceState } = environment('#key=s3cret');
    expect(takeGrantSecret('course', env)).toBe('s3cret');
    expect(env.storage.data.get(grantStorageKey('course'))).toBe('s3cret');
    expect(replaceState).toHaveBeenCalledWith({ kept: true }, '', '/e/course/moderate?part=p1');
  });

  it('keeps other fragment parameters', () => {
    const { env, replaceState } = environment('#key=s3cret&view=compact');
    takeGrantSecret('course', env);
    expect(replaceState).toHaveBeenCalledWith({ kept: true }, '', '/e/course/moderate?part=p1#view=compact');
  });

  it('uses the stored secret after a reload, and none once it is forgotten', () => {
    const { env, replaceState } = environment('', { [grantStorageKey('course')]: 'stored' });
    expect(takeGrantSecret('course', env)).toBe('stored');
    expect(replaceState).not.toHaveBeenCalled();
    forgetGrantSecret('course', env);
    expect(takeGrantSecret('course', env)).toBeNull();
    expect(takeGrantSecret('other-course', environment('').env)).toBeNull();
  });
});
