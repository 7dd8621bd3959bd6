/** The console: commands become timeline actions; errors show inline; leases reach the kv view. */
import { expect, test } from '@playwright/test';
import { hook, ready, shot } from './helpers';

test('console commands', async ({ page }) => {
  await page.goto('/?paused&theme=dark');
  await ready(page);
  await hook(page, 'runUntilMs(2500)');
  await page.getByRole('tab', { name: 'Console' }).click();
  const input = page.getByRole('textbox', { name: 'Console command' });
  const out = page.getByRole('log', { name: 'Console output' });
  const run = async (cmd: string) => {
    await input.fill(cmd);
    await input.press('Enter');
  };
  await run('put x 1');
  await expect(out).toContainText('recorded: put');
  await run('crash n2');
  await expect(page.getByRole('button', { name: /^n2, crashed/ })).toBeVisible();
  await run('partition n1 n3 | n4 n5');
  await expect(page.getByLabel('link n1–n4 cut')).toBeVisible();
  await run('heal');
  await expect(page.getByLabel('link n1–n4 cut')).toHaveCount(0);
  await run('crash n9');
  await expect(out).toContainText('no member "n9"');
  await run('frobnicate');
  await expect(out).toContainText('unknown command "frobnicate"');
  // Completion and history.
  await input.fill('resta');
  await input.press('Tab');
  await expect(input).toHaveValue('restart ');
  await input.fill('');
  await input.press('ArrowUp');
  await expect(input).toHaveValue('frobnicate');
  await run('restart n2');
  await hook(page, 'runUntilMs(4000)');
  await expect(page.getByRole('button', { name: /^n2, (follower|leader|candidate|pre-candidate)/ })).toBeVisible();
  // Leases, etcdctl style: the key shows its lease in the kv view.
  await run('lease grant 5s');
  await expect(out).toContainText('recorded: lease-grant at 4.0000 s (lease 1, TTL 5000ms)');
  await hook(page, 'runUntilMs(4300)');
  await run('put lock me --lease=1');
  await hook(page, 'runUntilMs(4600)');
  await page.getByRole('button', { name: /^n1, / }).click();
  const kv = page.getByRole('table', { name: 'Key-value contents' });
  const lock = kv.getByRole('row').filter({ has: page.getByRole('cell', { name: 'lock', exact: true }) });
  await expect(lock.getByRole('cell', { name: 'me', exact: true })).toBeVisible();
  await expect(lock.getByRole('cell', { name: 'lease 1', exact: true })).toHaveText('1');
  await kv.scrollIntoViewIfNeeded();
  const kinds = await hook<string[]>(page, 'sim.scenario.actions.map((a) => a.do)');
  expect(kinds).toEqual(['put', 'crash', 'partition', 'heal', 'restart', 'lease-grant', 'put']);
  await shot(page, 'console');
});
