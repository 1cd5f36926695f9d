// The page's entry. Both imports are static, so the page's HTML asks for all of the first screen's
// code at once (no round trip for a lazy app chunk); modules are evaluated in import order, so the
// early requests go out before the app's code runs and mounts.
import './api/early-requests';
import './boot';
