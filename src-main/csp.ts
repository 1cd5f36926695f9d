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

/** Electron's renderer talks to main through the preload only: no network at all. */
export const ELECTRON_CSP = [...BASE, "connect-src 'self'"].join('; ');

/** The browser's renderer also opens the events WebSocket on 127.0.0.1. */
export const SERVE_CSP = [...BASE, "connect-src 'self' ws://127.0.0.1:* ws://localhost:*"].join('; ');
