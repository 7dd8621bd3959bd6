/** The console: commands become timeline actions; errors show inline. */
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
  const kinds = await hook<string[]>(page, 'sim.scenario.actions.map((a) => a.do)');
  expect(kinds).toEqual(['put', 'crash', 'partition', 'heal', 'restart']);
  await shot(page, 'console');
});
