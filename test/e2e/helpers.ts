import { expect, type Page } from '@playwright/test';
import { join } from 'node:path';

export const serverUrl = (): URL => new URL(process.env.PW_E2E_URL!);
export const projectDir = (name: string): string => join(process.env.PW_E2E_DIR!, name);
export const token = (): string => serverUrl().searchParams.get('token')!;

/** Calls the API as the page would, with the token. */
export async function api<T = unknown>(page: Page, command: string, args: unknown = {}): Promise<T> {
  const res = await page.request.post(`${serverUrl().origin}/api/${command}`, {
    data: args,
    headers: { 'x-pipewright-token': token() },
  });
  const reply = await res.json();
  if (!reply.ok) throw new Error(`${command}: ${reply.error.message}`);
  return reply.value as T;
}

/** Opens a project in the host, then the app (the printed URL sets the page's cookie), and waits until the graph is drawn. */
export async function openApp(page: Page, project: string, pipeline?: string): Promise<void> {
  await api(page, 'project.open', { root: projectDir(project) });
  await page.goto(serverUrl().toString());
  await expect(page.getByLabel('Pipeline', { exact: true })).toBeVisible();
  if (pipeline) await page.getByLabel('Pipeline', { exact: true }).selectOption(pipeline);
  await page.waitForFunction(
    () => (globalThis as unknown as { __pwGraphReadyAt?: number }).__pwGraphReadyAt !== undefined,
  );
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join('test-results', 'screens', `${name}.png`) });
}
