// Debian's Chromium, headless, as the end-to-end tests start it: never a downloaded browser.
import { chromium } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
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
