/**
 * UI bench (not a test): `npx tsx e2e/uiBench.ts` after `vite build`.
 * Prints, for the built explorer in headless Chromium:
 *   - animation frame rate (median fps over 5 s) with 5 members under 200 ops/s at 1× speed;
 *   - seek time (median and worst of 12 seeks) anywhere in a 10-minute run;
 *   - memory held by rewind checkpoints after the 10-minute run (heap with and without them);
 *   - production JavaScript size, gzipped.
 * Targets (issue 4): ≥ 55 fps median, seek ≤ 300 ms, JS ≤ 300 KB gzipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { deflateSync } from 'fflate';
import { preview } from 'vite';

const SCENARIO = {
  name: 'bench: 5 members, 200 ops/s', seed: 1, duration: '10m', topology: { etcd: 5 },
  network: { latency: '2ms', jitter: '1ms' },
  clients: [{ id: 'c1', workload: 'register', keys: 5, rate: '200/s' }],
};

function link(): string {
  return `#run=${Buffer.from(deflateSync(Buffer.from(JSON.stringify(SCENARIO)))).toString('base64url')}`;
}

function jsSize(): number {
  return readdirSync('dist/assets').filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + gzipSync(readFileSync(`dist/assets/${f}`)).length, 0);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await preview({ preview: { port: 4174, strictPort: true, host: '127.0.0.1' } });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--js-flags=--expose-gc', '--enable-precise-memory-info', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`http://127.0.0.1:4174/?speed=1${link()}`);
  await page.waitForFunction('window.__clusterscope !== undefined');
  await page.waitForTimeout(1000);
  // Page code as a string: tsx's transform would otherwise inject helpers the page lacks.
  const fps = (await page.evaluate(`new Promise((done) => {
    const per = [];
    let frames = 0;
    let start = performance.now();
    const stop = start + 5000;
    const tick = (t) => {
      frames++;
      if (t - start >= 1000) { per.push((frames * 1000) / (t - start)); frames = 0; start = t; }
      if (t < stop) requestAnimationFrame(tick); else done(per);
    };
    requestAnimationFrame(tick);
  })`)) as number[];
  const buildStart = Date.now();
  await page.evaluate('window.__clusterscope.runUntilMs(600000)');
  const buildMs = Date.now() - buildStart;
  const seeks: number[] = [];
  for (let i = 0; i < 12; i++) {
    const to = ((i * 7919) % 600) * 1000 + 137;
    seeks.push((await page.evaluate(`(() => { const t0 = performance.now(); window.__clusterscope.seekMs(${to}); return performance.now() - t0; })()`)) as number);
  }
  // Checkpoint memory: live heap with the checkpoints, then with them dropped (last: seeks need them).
  const heap = () => page.evaluate('(() => { gc(); gc(); return performance.memory.usedJSHeapSize; })()') as Promise<number>;
  const withCheckpoints = await heap();
  const checkpointCount = (await page.evaluate('window.__clusterscope.session.checkpoints.count')) as number;
  await page.evaluate('(() => { const s = window.__clusterscope.session; s.checkpoints = new s.checkpoints.constructor(); })()');
  const checkpointMb = (withCheckpoints - (await heap())) / 1e6;
  console.log(`animation: ${median(fps).toFixed(1)} fps median (per-second samples: ${fps.map((f) => f.toFixed(0)).join(' ')}); target ≥ 55`);
  console.log(`10-minute run built in ${(buildMs / 1000).toFixed(1)} s of wall time (${(600_000 / buildMs).toFixed(0)}× real time, with recording and checkpoints)`);
  console.log(`seek: ${median(seeks).toFixed(0)} ms median, ${Math.max(...seeks).toFixed(0)} ms worst over 12 seeks; target ≤ 300 ms`);
  console.log(`checkpoints: ${checkpointCount} kept, ${checkpointMb.toFixed(1)} MB (${(checkpointMb / 600).toFixed(2)} MB per virtual second)`);
  console.log(`production JS: ${(jsSize() / 1024).toFixed(1)} KB gzipped; target ≤ 300 KB`);
} finally {
  await browser.close();
  await new Promise<void>((r) => server.httpServer.close(() => r()));
}
