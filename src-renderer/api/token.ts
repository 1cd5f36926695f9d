const KEY = 'pipewright.token';

/** The page is opened at /?token=…; keep it for reloads and take it out of the address bar. */
export function readToken(loc: Location = window.location, store: Storage = window.sessionStorage): string | null {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    store.setItem(KEY, fromUrl);
    url.searchParams.delete('token');
    try {
      window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    } catch {
      // Some embedders forbid replaceState; the token then stays visible, which is harmless.
    }
    return fromUrl;
  }
  return store.getItem(KEY);
}
