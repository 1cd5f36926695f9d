// Debian's Chromium, headless, as the end-to-end tests start it: never a downloaded browser.
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/e2e/chromium-options.mjs';

export function launchChromium(extraArgs = []) {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/** Starts recording the page's frame intervals (ms), one per animation frame. */
export function recordFrames(page) {
  return page.evaluate(() => {
    window.__frames = [];
    window.__stopFrames = false;
    let last = performance.now();
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (!window.__stopFrames) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Stops the recording and returns the intervals, the first (partial) one left out. */
export function recordedFrames(page) {
  return page.evaluate(() => {
    window.__stopFrames = true;
    return window.__frames.slice(1);
  });
}

/**
 * Starts Chromium's sampling CPU profiler on a page (CDP `Profiler`); `stop()` returns the
 * functions with the largest self time, as shares of all samples (load-independent, unlike times).
 */
export async function startProfile(page, intervalUs = 200) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
  return {
    async stop(top = 25) {
      const { profile } = await cdp.send('Profiler.stop');
      await cdp.detach();
      return selfShares(profile, top);
    },
  };
}

function selfShares(profile, top) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas ?? [];
  let total = 0;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const f = n.callFrame;
    const file = f.url ? f.url.split('/').pop() : '';
    const key = `${f.functionName || '(anonymous)'} ${file}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    const t = dt[i] ?? 0;
    total += t;
    self.set(key, (self.get(key) ?? 0) + t);
  });
  const idle = self.get('(idle) ') ?? 0;
  const busy = total - idle;
  return {
    totalMs: total / 1000,
    busyMs: busy / 1000,
    top: [...self]
      .filter(([k]) => k !== '(idle) ')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, us]) => ({ fn, ms: Math.round(us / 100) / 10, share: Math.round((us / busy) * 1000) / 10 })),
  };
}
