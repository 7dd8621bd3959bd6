/** Time travel: rewind and replay, forks, and share links that replay the same run. */
import { expect, test } from '@playwright/test';
import { strFromU8, inflateSync } from 'fflate';
import { parseScenario } from '../src/scenario/parse';
import { Simulation } from '../src/scenario/simulation';
import { hook, ready, shot } from './helpers';

test('rewind then replay gives the same state', async ({ page }) => {
  await page.goto('/?paused&theme=dark');
  await ready(page);
  await hook(page, 'runUntilMs(2000)');
  await hook(page, `perform({ do: 'crash', node: 'n2' })`);
  await hook(page, 'runUntilMs(4000)');
  const before = await hook<{ hash: string; state: unknown }>(page, 'sim && { hash: window.__clusterscope.traceHash(), state: window.__clusterscope.sim.describe() }');
  // Rewind by clicking early on the timeline.
  const timeline = page.getByRole('slider', { name: 'Timeline' });
  const box = (await timeline.boundingBox())!;
  await timeline.click({ position: { x: 40, y: box.height / 2 } });
  const rewound = await hook<number>(page, 'nowMs()');
  expect(rewound).toBeLessThan(1500);
  await expect(page.getByRole('timer', { name: 'Virtual time' })).toContainText(/^0\.|^1\./);
  await expect(page.getByRole('button', { name: /^n2, / })).not.toHaveAccessibleName(/crashed/);
  // Replay forward with the keyboard on the timeline, then to exactly 4 s.
  await timeline.press('ArrowRight');
  await hook(page, 'seekMs(4000)');
  const after = await hook<{ hash: string; state: unknown }>(page, 'sim && { hash: window.__clusterscope.traceHash(), state: window.__clusterscope.sim.describe() }');
  expect(after.hash).toBe(before.hash);
  expect(after.state).toEqual(before.state);
  await expect(page.getByRole('button', { name: /^n2, crashed/ })).toBeVisible();
  await shot(page, 'rewind');
});

test('acting in the past forks the run, and undo brings the old future back', async ({ page }) => {
  await page.goto('/?paused&theme=dark');
  await ready(page);
  await hook(page, 'runUntilMs(3000)');
  const original = await hook<string>(page, 'traceHash()');
  await hook(page, 'seekMs(1500)');
  await hook(page, `perform({ do: 'pause', node: 'n4' })`);
  await hook(page, 'runUntilMs(3000)');
  expect(await hook<string>(page, 'traceHash()')).not.toBe(original);
  await page.getByRole('button', { name: 'Undo fork' }).click();
  await hook(page, 'seekMs(3000)');
  expect(await hook<string>(page, 'traceHash()')).toBe(original);
});

test('a share link round trip gives the same trace hash, in the page and in Node', async ({ page, context }) => {
  await page.goto('/?paused&theme=dark');
  await ready(page);
  await hook(page, 'runUntilMs(1500)');
  await page.getByRole('tab', { name: 'Console' }).click();
  const input = page.getByRole('textbox', { name: 'Console command' });
  await input.fill('put x 1');
  await input.press('Enter');
  await hook(page, 'runUntilMs(2500)');
  await input.fill('crash n3');
  await input.press('Enter');
  await hook(page, 'runUntilMs(4200)');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.getByText(/Link copied/)).toBeVisible();
  const url = page.url();
  expect(url).toMatch(/#run=[A-Za-z0-9_-]+&t=4200000$/);
  const hash = await hook<string>(page, 'traceHash()');

  const other = await context.newPage();
  await other.goto(url);
  await ready(other);
  await expect.poll(() => hook<number>(other, 'nowMs()')).toBe(4200);
  expect(await hook<string>(other, 'traceHash()')).toBe(hash);
  await other.getByRole('button', { name: 'About this run' }).click();
  await expect(other.getByTestId('trace-hash')).toHaveText(hash);
  await shot(other, 'about-this-run');

  // The same scenario, run headless in Node, reaches the same hash.
  const packed = /#run=([^&]+)/.exec(url)![1];
  const json = JSON.parse(strFromU8(inflateSync(Uint8Array.from(Buffer.from(packed, 'base64url')))));
  const sim = new Simulation(parseScenario(json));
  sim.runUntil(4_200_000);
  expect(sim.world.traceHash).toBe(hash);
});

test('a bad link shows a banner and the default scenario still loads', async ({ page }) => {
  await page.goto('/#run=this-is-not-a-scenario');
  await expect(page.getByRole('alert')).toContainText('could not be opened');
  await expect(page.getByRole('button', { name: /^n5, / })).toBeVisible();
  await shot(page, 'bad-link');
  // A link that decodes, but to an invalid scenario, names the JSON path.
  // ({"name":"x","topology":{"etcd":99}}: too many members)
  await page.goto('/#run=q1bKS8xNVbJSqlDSUSrJL8jPyU-vVLKqVkotSU5RsrK0rK0FAA');
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('$.topology.etcd');
  await expect(page.getByRole('button', { name: /^n5, / })).toBeVisible();
});
