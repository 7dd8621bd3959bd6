/** Presentation and embed modes, the shortcuts overlay, and each main view's screenshot. */
import { expect, test } from '@playwright/test';
import { hook, ready, shot } from './helpers';

test('presentation mode: large type, no side panels, keyboard driven', async ({ page }) => {
  await page.goto('/?paused&theme=dark');
  await ready(page);
  await hook(page, 'runUntilMs(3000)');
  await page.keyboard.press('p');
  await expect(page.locator('html')).toHaveAttribute('data-present', 'true');
  await expect(page.getByLabel('Inspector')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Share' })).toHaveCount(0);
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await page.keyboard.press('Space');
  await shot(page, 'present');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await shot(page, 'shortcuts');
  await page.keyboard.press('Escape');
  await page.keyboard.press('p');
  await expect(page.getByLabel('Inspector')).toBeVisible();
});

test('embed mode shows the cluster without chrome', async ({ page }) => {
  await page.goto('/?embed&speed=1&theme=light');
  await ready(page);
  await expect(page.getByRole('button', { name: /, leader, term \d+$/ })).toHaveCount(1);
  await expect(page.getByRole('toolbar', { name: 'Run controls' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Open in Clusterscope' })).toBeVisible();
  await shot(page, 'embed');
});

test('main views', async ({ page }) => {
  await page.goto('/?paused&theme=dark');
  await ready(page);
  await hook(page, 'runUntilMs(6000)');
  await page.getByRole('button', { name: /^n\d, leader/ }).click();
  await expect(page.getByLabel('Replication progress')).toBeVisible();
  await shot(page, 'inspector-leader');
  await page.getByRole('tab', { name: 'Space-time' }).click();
  await expect(page.getByRole('img', { name: /Space-time diagram/ })).toBeVisible();
  await shot(page, 'spacetime');
  await page.getByRole('tab', { name: 'Charts' }).click();
  await expect(page.getByRole('img', { name: 'Commit latency' })).toBeVisible();
  await shot(page, 'charts');
  await page.getByRole('tab', { name: 'Checks' }).click();
  await expect(page.getByLabel('Checker verdicts')).toContainText('linearizable');
  await shot(page, 'checks');
  await page.getByRole('button', { name: 'Light theme' }).click();
  await page.getByRole('tab', { name: 'Logs' }).click();
  await shot(page, 'light-logs');
});

test('the built page requests nothing beyond its own files', async ({ page }) => {
  const foreign: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol !== 'data:' && u.host !== '127.0.0.1:4173') foreign.push(r.url());
  });
  await page.goto('/?speed=1');
  await ready(page);
  await page.getByRole('tab', { name: 'Charts' }).click();
  await page.getByRole('tab', { name: 'Space-time' }).click();
  await page.waitForTimeout(500);
  expect(foreign).toEqual([]);
});
