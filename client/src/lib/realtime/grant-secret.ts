// The secret of a moderator or speaker link. The organizer hands out
// `/e/<slug>/moderate#key=<secret>`: the fragment never reaches a server (nor its logs), and the
// page takes the secret from it once, keeps it for this tab only (sessionStorage), and removes
// it from the address bar so that it is not left in the history, a screenshot or a shared URL.

export const grantStorageKey = (slug: string): string => `lsc.grant.${slug}`;

type SecretStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface GrantSecretEnvironment {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: SecretStorage | null;
}

function browserEnvironment(): GrantSecretEnvironment {
  let storage: SecretStorage | null = null;
  try {
    storage = window.sessionStorage;
  } catch {
    // Storage disabled: the secret lasts while the page is open.
  }
  return { location: window.location, history: window.history, storage };
}

/**
 * The link's secret for this event: from the address's `#key=…` (then stored and removed from the
 * address bar), else the one this tab stored before (a reload). Null when there is none.
 */
export function takeGrantSecret(
  slug: string,
  env: GrantSecretEnvironment = browserEnvironment(),
): string | null {
  const key = grantStorageKey(slug);
  const fragment = new URLSearchParams(env.location.hash.replace(/^#/, ''));
  const fromAddress = fragment.get('key')?.trim();
  if (fromAddress) {
    try {
      env.storage?.setItem(key, fromAddress);
    } catch {
      // Quota or privacy mode: the secret still works until the tab is closed or reloaded.
    }
    fragment.delete('key');
    const rest = fragment.toString();
    env.history.replaceState(
      env.history.state,
      '',
      `${env.location.pathname}${env.location.search}${rest ? `#${rest}` : ''}`,
    );
    return fromAddress;
  }
  try {
    return env.storage?.getItem(key) || null;
  } catch {
    return null;
  }
}

/** Forgets a secret the server no longer accepts, so a reload does not try it again. */
export function forgetGrantSecret(slug: string, env: GrantSecretEnvironment = browserEnvironment()): void {
  try {
    env.storage?.removeItem(grantStorageKey(slug));
  } catch {
    // Nothing stored.
  }
}
