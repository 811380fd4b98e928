import { describe, expect, it } from 'vitest';
import { lazyPage, matchRoute, page, type PageComponent } from './router.svelte.js';

const Dummy = (() => ({})) as unknown as PageComponent;

const routes = [
  page('/', Dummy),
  page('/e/:slug', Dummy),
  lazyPage('/e/:slug/moderate', () => Promise.resolve({ default: Dummy })),
];

describe('matchRoute', () => {
  it('matches exact paths and one trailing slash', () => {
    expect(matchRoute(routes, '/')?.route.pattern).toBe('/');
    expect(matchRoute(routes, '/e/course-2024')?.params).toEqual({ slug: 'course-2024' });
    expect(matchRoute(routes, '/e/course-2024/')?.params).toEqual({ slug: 'course-2024' });
    expect(matchRoute(routes, '/e/course-2024/moderate')?.route.pattern).toBe('/e/:slug/moderate');
  });

  it('decodes params and keys each page by route and params', () => {
    const a = matchRoute(routes, '/e/caf%C3%A9');
    expect(a?.params).toEqual({ slug: 'café' });
    expect(a?.key).not.toBe(matchRoute(routes, '/e/other')?.key);
  });

  it('finds nothing for unknown or malformed addresses', () => {
    expect(matchRoute(routes, '/nowhere')).toBeNull();
    expect(matchRoute(routes, '/e/')).toBeNull();
    expect(matchRoute(routes, '/e/a/b')).toBeNull();
    expect(matchRoute(routes, '/e/%E0%A4%A')).toBeNull();
  });
});

describe('the app’s routes', () => {
  it('loads the staff pages and the overlay on demand, the speaker view and overlay without the shell', async () => {
    const { routes: appRoutes } = await import('../routes.js');
    const slug = 'course-2024';
    const found = (path: string) => matchRoute(appRoutes, path)?.route;
    expect(found(`/e/${slug}/moderate`)).toMatchObject({ pattern: '/e/:slug/moderate', shell: true });
    expect(found(`/e/${slug}/speaker`)).toMatchObject({ pattern: '/e/:slug/speaker', shell: false });
    expect(found(`/e/${slug}/overlay`)).toMatchObject({ pattern: '/e/:slug/overlay', shell: false });
    expect(found(`/e/${slug}`)?.shell).toBe(true);
  });
});
