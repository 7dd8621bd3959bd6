/** Watching and perturbing the cluster through the topology and the inspector. */
import { expect, test } from '@playwright/test';
import { leaderOnScreen, ready, shot } from './helpers';

test('the first election is visible', async ({ page }) => {
  await page.goto('/?speed=1&theme=dark');
  await ready(page);
  const leader = page.getByRole('button', { name: /^n\d, leader, term \d+$/ });
  await expect(leader).toHaveCount(1);
  await expect(page.getByRole('button', { name: /^n\d, follower, term \d+$/ })).toHaveCount(4);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByLabel('Inspector')).toContainText(/leader\s*n\d \(term \d+\)/);
  await shot(page, 'topology');
});

test('crashing the leader through the UI leads to a new leader on screen', async ({ page }) => {
  await page.goto('/?speed=1&theme=dark');
  await ready(page);
  await expect(page.getByRole('button', { name: /, leader, term \d+$/ })).toHaveCount(1);
  const old = (await leaderOnScreen(page))!;
  await page.getByRole('button', { name: new RegExp(`^${old}, leader`) }).click();
  await page.getByRole('button', { name: `Crash ${old}` }).click();
  await expect(page.getByRole('button', { name: `${old}, crashed, term`, exact: false })).toBeVisible();
  await expect.poll(() => leaderOnScreen(page), { timeout: 20_000 }).not.toBeNull();
  expect(await leaderOnScreen(page)).not.toBe(old);
  await page.getByRole('button', { name: 'Pause' }).click();
  await shot(page, 'crash-new-leader');
});

test('a partition made through the UI', async ({ page }) => {
  await page.goto('/?speed=1&theme=dark');
  await ready(page);
  await expect(page.getByRole('button', { name: /, leader, term \d+$/ })).toHaveCount(1);
  await page.getByRole('button', { name: /^n1, / }).click({ modifiers: ['Shift'] });
  await page.getByRole('button', { name: /^n2, / }).click({ modifiers: ['Shift'] });
  await page.getByRole('button', { name: 'Partition n1 n2 | rest' }).click();
  // Every link between the two sides is drawn cut.
  for (const [a, b] of [['n1', 'n3'], ['n2', 'n5'], ['n1', 'n4']]) await expect(page.getByLabel(`link ${a}–${b} cut`)).toBeVisible();
  // The majority side (n3 n4 n5) has or elects a leader; the minority cannot.
  await expect.poll(() => leaderOnScreen(page), { timeout: 20_000 }).toMatch(/^n[345]$/);
  await page.getByRole('button', { name: 'Pause' }).click();
  await shot(page, 'partition');
  await page.getByRole('button', { name: 'Heal' }).click();
  await expect(page.getByLabel('link n1–n3 cut')).toHaveCount(0);
});

test('hold mode: messages wait, and the user delivers them one at a time', async ({ page }) => {
  await page.goto('/?paused&theme=dark');
  await ready(page);
  await page.evaluate(() => (window as unknown as { __clusterscope: { runUntilMs(ms: number): number } }).__clusterscope.runUntilMs(2500));
  await page.getByRole('button', { name: 'Hold…' }).click();
  await page.getByRole('menuitem', { name: 'Hold every message' }).click();
  await page.evaluate(() => (window as unknown as { __clusterscope: { runUntilMs(ms: number): number } }).__clusterscope.runUntilMs(2700));
  const deliver = page.getByRole('button', { name: /^Deliver message \d+$/ });
  await expect(deliver.first()).toBeVisible();
  const label = (await deliver.first().getAttribute('aria-label'))!;
  const id = Number(label.split(' ').pop());
  await deliver.first().click();
  await expect(page.getByRole('button', { name: `Deliver message ${id}`, exact: true })).toHaveCount(0);
  const last = await page.evaluate(() => {
    const a = (window as unknown as { __clusterscope: { sim: { scenario: { actions: { do: string; msg?: number }[] } } } }).__clusterscope.sim.scenario.actions;
    return a[a.length - 1];
  });
  expect(last).toMatchObject({ do: 'deliver', msg: id });
  await page.getByRole('button', { name: /^held / }).first().click();
  await expect(page.getByRole('button', { name: 'Deliver now' })).toBeVisible();
  await shot(page, 'hold-mode');
  await page.getByRole('button', { name: 'Release all' }).click();
  await expect(deliver).toHaveCount(0);
});
