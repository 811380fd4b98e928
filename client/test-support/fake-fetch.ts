// A fetch that answers from a table of paths, for page tests.
import { vi } from 'vitest';

export type Routes = Record<string, () => Response>;

export const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** Replaces the global fetch; unknown paths answer 404 like the server. Returns the paths asked for. */
export function stubFetch(routes: Routes): string[] {
  const asked: string[] = [];
  vi.stubGlobal('fetch', (input: RequestInfo | URL) => {
    const path = input instanceof Request ? input.url : input instanceof URL ? input.href : input;
    asked.push(path);
    const answer = routes[path];
    return Promise.resolve(
      answer ? answer() : json({ error: 'event/not_found', message: 'No event has this slug.' }, 404),
    );
  });
  return asked;
}
