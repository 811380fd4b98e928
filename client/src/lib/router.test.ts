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
