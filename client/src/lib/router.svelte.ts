// Client-side routing on the History API. A route is one line in src/routes.ts:
//   page('/e/:slug', EventPage)                      bundled with the app
//   lazyPage('/e/:slug/moderate', () => import(...)) loaded when first visited
//   lazyPage('/e/:slug/overlay', () => import(...), { shell: false })   without the app's header
import { getContext, setContext, type Component } from 'svelte';

export type RouteParams = Readonly<Record<string, string>>;
/** A page gets the route's params; pages without params simply declare no props. */
export type PageComponent = Component<{ params: RouteParams }>;
type AnyPage = PageComponent | Component;
type PageModule = { default: AnyPage };

export interface Route {
  readonly pattern: string;
  readonly regex: RegExp;
  readonly names: readonly string[];
  /**
   * false: the page fills the window alone, without the app's header and skip link (a stage
   * display, or an overlay captured by streaming software).
   */
  readonly shell: boolean;
  /** The page, already loaded or to be loaded once. */
  readonly resolve: () => PageComponent | Promise<PageComponent>;
}

export interface RouteMatch {
  readonly route: Route;
  readonly params: RouteParams;
  /** Changes whenever the page must be created afresh (another route or other params). */
  readonly key: string;
}

function compile(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = pattern
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        names.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  // One optional trailing slash, so "/e/abc/" finds the same page as "/e/abc".
  return { regex: new RegExp(`^${source.replace(/\/$/, '')}/?$`), names };
}

export interface RouteOptions {
  /** Show the app's header around the page; true by default. */
  shell?: boolean;
}

export function page(pattern: string, component: AnyPage, { shell = true }: RouteOptions = {}): Route {
  return { pattern, ...compile(pattern), shell, resolve: () => component };
}

export function lazyPage(
  pattern: string,
  load: () => Promise<PageModule>,
  { shell = true }: RouteOptions = {},
): Route {
  let loaded: Promise<PageComponent> | undefined;
  return {
    pattern,
    ...compile(pattern),
    shell,
    resolve: () => {
      loaded ??= load().then((m) => m.default as PageComponent);
      return loaded;
    },
  };
}

export function matchRoute(routes: readonly Route[], path: string): RouteMatch | null {
  for (const route of routes) {
    const found = route.regex.exec(path);
    if (!found) continue;
    const params: Record<string, string> = {};
    try {
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(found[i + 1] ?? '');
      });
    } catch {
      return null; // a malformed %-escape is not an address of ours
    }
    return { route, params, key: `${route.pattern}|${JSON.stringify(params)}` };
  }
  return null;
}

/** Paths the server answers itself; links to them are left to the browser. */
const SERVER_PATHS = /^\/(api|socket\.io)(\/|$)/;

export class Router {
  readonly routes: readonly Route[];
  /** The current path, without query or hash. */
  path = $state('/');
  /** Counts navigations inside the app (0 on first load), so the shell can move focus. */
  navigations = $state(0);
  readonly match: RouteMatch | null;

  constructor(
    routes: readonly Route[],
    initialPath = typeof location === 'undefined' ? '/' : location.pathname,
  ) {
    this.routes = routes;
    this.path = initialPath;
    this.match = $derived(matchRoute(this.routes, this.path));
  }

  navigate(href: string, { replace = false }: { replace?: boolean } = {}): void {
    const url = new URL(href, location.href);
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    this.path = url.pathname;
    this.navigations += 1;
    window.scrollTo(0, 0);
  }

  /** Listens to back/forward and to clicks on same-origin links; returns the stop function. */
  start(): () => void {
    const onPopState = (): void => {
      this.path = location.pathname;
      this.navigations += 1;
    };
    const onClick = (event: MouseEvent): void => {
      const href = this.linkToFollow(event);
      if (href === null) return;
      event.preventDefault();
      this.navigate(href);
    };
    window.addEventListener('popstate', onPopState);
    document.addEventListener('click', onClick);
    return () => {
      window.removeEventListener('popstate', onPopState);
      document.removeEventListener('click', onClick);
    };
  }

  /** The href to handle in the app, or null to let the browser follow the link. */
  private linkToFollow(event: MouseEvent): string | null {
    if (event.defaultPrevented || event.button !== 0) return null;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
    const anchor = event.target instanceof Element ? event.target.closest('a') : null;
    if (!anchor?.hasAttribute('href') || anchor.hasAttribute('download')) return null;
    if ((anchor.target && anchor.target !== '_self') || anchor.relList.contains('external')) return null;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || SERVER_PATHS.test(url.pathname)) return null;
    // Same page, other fragment (the skip link): the browser scrolls and focuses.
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return null;
    return url.pathname + url.search + url.hash;
  }
}

const ROUTER = Symbol('router');

export function setRouter(router: Router): Router {
  return setContext(ROUTER, router);
}

export function getRouter(): Router {
  return getContext<Router>(ROUTER);
}
