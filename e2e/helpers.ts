/** Shared helpers for the explorer's browser tests. */
import type { Page } from '@playwright/test';

export const ARTIFACTS = 'e2e-artifacts';

/** The hook the app installs for tests (see src/ui/app/testHooks.ts). */
export async function hook<T>(page: Page, fn: string): Promise<T> {
  return page.evaluate(`window.__clusterscope.${fn}`) as Promise<T>;
}

export async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __clusterscope?: unknown }).__clusterscope !== undefined);
}

/** The member currently shown as leader on screen, from its accessible name. */
export async function leaderOnScreen(page: Page): Promise<string | null> {
  const names = await page.locator('[data-node]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  const leader = names.find((n) => /, leader, term \d+$/.test(n));
  return leader ? leader.split(',')[0] : null;
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png` });
}
