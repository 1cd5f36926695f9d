// The Electron smoke test: launches the built app (`npm run build` first) and sees the welcome
// screen. It needs Electron's binary, which these machines cannot download: there it skips and
// says so. Run: npx playwright test --config test/electron/playwright.config.ts
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const ROOT = resolve(__dirname, '../..');

/** The binary's path, found the way electron's own index.js does, without loading it (that would try to download). */
function electronBinary(): string | undefined {
  let pkgDir: string;
  try {
    pkgDir = dirname(require.resolve('electron/package.json', { paths: [ROOT] }));
  } catch {
    return undefined;
  }
  const pathTxt = join(pkgDir, 'path.txt');
  if (!existsSync(pathTxt)) return undefined;
  const binary = join(pkgDir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

const binary = electronBinary();
const built = existsSync(join(ROOT, 'out/main/index.js')) && existsSync(join(ROOT, 'out/renderer/index.html'));

const skipReason = !binary
  ? 'Electron smoke test skipped: the Electron binary is not installed (node_modules/electron/dist is missing and cannot be downloaded on this machine). Run it where `npx electron --version` works.'
  : !built
    ? 'Electron smoke test skipped: the app is not built; run `npm run build` first.'
    : undefined;
if (skipReason) console.log(skipReason);

test('the app opens on the welcome screen', async () => {
  test.skip(Boolean(skipReason), skipReason);
  const app = await electron.launch({
    executablePath: binary,
    args: [ROOT],
  });
  try {
    const window = await app.firstWindow();
    await expect(window).toHaveTitle(/Pipewright/);
    await expect(window.getByRole('button', { name: /open/i }).first()).toBeVisible({ timeout: 15_000 });
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0]!;
      return (
        w.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> | null }
      ).getLastWebPreferences();
    });
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    await window.screenshot({ path: join(ROOT, 'test-results', 'electron-welcome.png') });
  } finally {
    await app.close();
  }
});
