// The page's entry, kept small so it runs at once: it sends what the first screen needs
// (api/early-requests.ts, a static import: evaluated first), then loads the app. The page's HTML
// already preloads the app's chunk (scripts/preload-app-chunk.mjs), so its code arrives while the
// replies are on their way.
import './api/early-requests';

void import('./boot');
