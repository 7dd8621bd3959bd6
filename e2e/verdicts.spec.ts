/**
 * A planted bug trips a checker in the page: the run stops, the checks panel names the
 * violation, and the views mark where it happened (log cells, history window, space-time
 * diagram, timeline).
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { deflateSync } from 'fflate';
import { ready, shot } from './helpers';

function link(scenario: object): string {
  return `#run=${Buffer.from(deflateSync(Buffer.from(JSON.stringify(scenario)))).toString('base64url')}`;
}

/** The run stops itself when a checker fails, and says which one in the banner. */
async function waitForVerdict(page: Page, checker: string): Promise<void> {
  await expect(page.getByText(`Checker "${checker}" found a violation`)).toBeVisible({ timeout: 45_000 });
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Checks' })).toHaveAttribute('aria-selected', 'true');
}

test('stale-read switched on in the UI trips linearizability; the window is marked', async ({ page }) => {
  test.setTimeout(90_000);
  // Five members, three register clients and the swarm nemesis, so some member lags behind.
  const scenario = {
    name: 'Stale reads under a nemesis', seed: 4, duration: '120s', topology: { etcd: 5 },
    disk: { fsync: '5ms' },
    clients: [
      { id: 'c1', workload: 'register', keys: 3, rate: '20/s' },
      { id: 'c2', workload: 'register', keys: 3, rate: '20/s' },
      { id: 'c3', workload: 'register', keys: 3, rate: '20/s' },
    ],
    nemesis: 'swarm',
  };
  await page.goto(`/?speed=3&theme=dark${link(scenario)}`);
  await ready(page);
  await page.getByRole('button', { name: 'Bugs…' }).click();
  await page.getByRole('checkbox', { name: 'stale-read' }).check();
  await page.getByRole('button', { name: 'Bugs (1)…' }).click(); // closes the menu
  await expect(page.getByRole('checkbox', { name: 'stale-read' })).toHaveCount(0);
  await waitForVerdict(page, 'linearizable');

  const verdicts = page.getByRole('list', { name: 'Checker verdicts' });
  await expect(verdicts.getByRole('listitem', { name: 'linearizable: violated' })).toContainText('no order explains');
  await expect(verdicts.getByRole('listitem', { name: 'raftSafety: holds' })).toBeVisible();
  // The window the checker shrank to, with the op it could not place marked.
  const win = page.getByRole('region', { name: /^History window of key \w+$/ });
  await expect(win).toBeVisible();
  await expect(win.getByRole('img', { name: /cannot be placed$/ })).toBeVisible();
  await expect(win.getByRole('cell', { name: 'cannot be placed' })).toHaveCount(1);
  expect(await win.getByRole('cell', { name: 'in the window' }).count()).toBeGreaterThanOrEqual(1);
  await expect(win.locator('.hw-op.culprit')).toHaveCount(1);
  // The verdict's marker on the timeline sits where the op completed, before the pause.
  await expect(page.locator('.tl-marker.violation title')).toContainText('linearizable violated on key');
  await shot(page, 'verdict-linearizable');

  await win.getByRole('button', { name: 'Show the window in the space-time diagram' }).click();
  await expect(page.getByRole('tab', { name: 'Space-time' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('img', { name: /Space-time diagram, \d+ ms shown; linearizable violation marked/ })).toBeVisible();
  await expect(page.locator('.st-window rect')).toBeVisible();
  await expect(page.locator('.st-op.culprit')).toHaveCount(1);
  expect(await page.locator('.st-lane.violating').count()).toBeGreaterThanOrEqual(1);
  await shot(page, 'verdict-spacetime-window');

  // Each member's keys carry etcd's revisions.
  await page.getByRole('button', { name: /^n\d, (leader|follower), term/ }).first().click();
  const kv = page.getByRole('table', { name: 'Key-value contents' });
  await expect(kv.getByRole('columnheader', { name: 'create_rev' })).toBeVisible();
  await expect(kv.getByRole('columnheader', { name: 'mod_rev' })).toBeVisible();
  await expect(kv.getByRole('columnheader', { name: 'version' })).toBeVisible();
  await kv.scrollIntoViewIfNeeded();
  await expect(kv.getByRole('cell', { name: /^create revision [1-9]\d*$/ }).first()).toBeVisible();
  await shot(page, 'inspector-kv');
});

test('forget-vote: two leaders of one term are marked in the space-time diagram and the logs', async ({ page }) => {
  const scenario = JSON.parse(readFileSync('scenarios/forget-vote.json', 'utf8')) as object;
  await page.goto(`/?speed=2&theme=dark${link(scenario)}`);
  await ready(page);
  await waitForVerdict(page, 'raftSafety');

  const safety = page.getByRole('listitem', { name: 'raftSafety: violated' });
  const list = safety.getByRole('list', { name: 'raftSafety violations' });
  await expect(list).toContainText('election-safety');
  await expect(list).toContainText(/term (\d+) has two leaders: n3 and n5/);
  await expect(page.locator('.tl-marker.violation title')).toContainText('raftSafety violated: election-safety');
  // The two leaders are ringed in the topology.
  await expect(page.getByRole('button', { name: /^n3, / })).toHaveAccessibleDescription('named by a checker violation');
  await expect(page.getByRole('button', { name: /^n5, / })).toHaveAccessibleDescription('named by a checker violation');
  await expect(page.getByRole('button', { name: /^n1, / })).toHaveAccessibleDescription('');
  await shot(page, 'verdict-raft');

  await list.getByRole('button', { name: /^Show election-safety at [\d.]+s in the space-time diagram$/ }).click();
  await expect(page.getByRole('img', { name: /; raftSafety violation marked$/ })).toBeVisible();
  await expect(page.locator('.st-lane.violating')).toHaveCount(2);
  await expect(page.locator('.st-lane.violating text')).toHaveText(['⚠ n3', '⚠ n5']);
  await expect(page.locator('.st-instant')).toHaveCount(1);
  // Both leaders' elections of that term are in view, marked.
  await expect(page.locator('.st-mark.leader.violating')).toHaveCount(2);
  await shot(page, 'verdict-raft-spacetime');

  await page.getByRole('tab', { name: 'Logs' }).click();
  await expect(page.getByRole('img', { name: /^Raft logs up to index \d+; \d+ entries marked by a checker violation$/ })).toBeVisible();
  await expect(page.locator('.lg-row.violating')).toHaveCount(2);
  await expect(page.locator('.lg-row.violating .lg-label')).toContainText(['⚠ n3', '⚠ n5']);
  expect(await page.locator('.lg-violation').count()).toBeGreaterThanOrEqual(2);
  await shot(page, 'verdict-raft-logs');
});

test('figure 8: entries committed in an old term and then overwritten are outlined in the log grid', async ({ page }) => {
  const scenario = JSON.parse(readFileSync('scenarios/figure8-commit-old-term.json', 'utf8')) as object;
  await page.goto(`/?speed=4&theme=dark${link(scenario)}`);
  await ready(page);
  await waitForVerdict(page, 'raftSafety');
  const list = page.getByRole('list', { name: 'raftSafety violations' });
  await expect(list).toContainText('leader-completeness');
  await expect(list).toContainText('state-machine-safety');
  // The first violation names an index: "Show" opens the log grid, scrolled back to it.
  await list.getByRole('button', { name: /^Show leader-completeness at [\d.]+s in the log grid$/ }).click();
  await expect(page.getByRole('tab', { name: 'Logs' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('img', { name: /^Raft logs up to index \d+; \d+ entries marked by a checker violation$/ })).toBeVisible();
  await expect(page.locator('.lg-index').first()).toHaveText('1');
  expect(await page.locator('.lg-violation').count()).toBeGreaterThanOrEqual(2);
  await shot(page, 'verdict-figure8-logs');
});
