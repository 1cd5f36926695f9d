// One Content-Security-Policy for both hosts. Vue-flow positions nodes with inline styles, hence
// 'unsafe-inline' for styles only; scripts come from our own files and nowhere else.
const BASE = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

/** Electron's renderer talks to main through the preload; serve's page to its own origin (fetch, EventSource). */
export const ELECTRON_CSP = [...BASE, "connect-src 'self'"].join('; ');
export const SERVE_CSP = ELECTRON_CSP;

/** `npm start`: the dev server's hot reload talks over a WebSocket. */
export const DEV_CSP = [...BASE, "connect-src 'self' ws://127.0.0.1:* ws://localhost:*"].join('; ');
