/**
 * `npm run sweep -- [FILE.json] --seeds 1..1000 [--nemesis swarm|none] [--bug NAME]
 *                   [--shard i/n] [--workers N] [--until 60s]`
 *
 * Runs one scenario over many seeds in worker threads (TigerBeetle's VOPR, Jepsen's test
 * loop). Without a FILE it runs the built-in sweep scenario. A failing seed prints a one-line
 * command that reproduces it and writes the scenario, seed included, to failures/, a file
 * that `npm run sim` and the explorer both open. Exit 1 when any seed failed, 2 on bad input.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { parseScenario } from '../scenario/parse';
import { Simulation } from '../scenario/simulation';
import type { Scenario } from '../scenario/types';
import { durationFlag, intFlag, parseFlags, UsageError } from './args';
import { loadScenario } from './load';
import { seedRange, shardOf } from './seeds';
import { SWEEP_SCENARIO } from './sweepScenario';

interface Job {
  file: string | null;
  raw: unknown;
  seeds: number[];
  bugs: string[];
  nemesis: string | null;
  until: number | null;
}

interface SeedResult {
  seed: number;
  ok: boolean;
  failed: string[];
  detail: string;
  ms: number;
}

function prepare(job: Job, seed: number): Scenario {
  const s = job.file ? loadScenario(job.file, { seed, bugs: job.bugs }) : parseScenario(job.raw, { seed });
  if (!job.file) for (const b of job.bugs) if (!s.bugs.includes(b)) s.bugs.push(b);
  if (job.nemesis === 'none') s.nemesis = null;
  else if (job.nemesis === 'swarm') s.nemesis = parseScenario({ topology: { etcd: 1 }, nemesis: 'swarm' }).nemesis;
  if (job.until !== null) s.duration = job.until;
  return s;
}

export function runSeed(job: Job, seed: number): SeedResult {
  const t0 = performance.now();
  const sim = new Simulation(prepare(job, seed));
  sim.runToEnd();
  const checks = sim.checks();
  const failed = Object.entries(checks).filter(([, c]) => !c.ok);
  return { seed, ok: failed.length === 0, failed: failed.map(([k]) => k), detail: failed.map(([k, c]) => `${k}: ${c.detail}`).join('; '), ms: performance.now() - t0 };
}

function worker(): void {
  const job = workerData as Job;
  for (const seed of job.seeds) parentPort!.postMessage(runSeed(job, seed));
}

function raw(job: Job, seed: number): object {
  const s = prepare(job, seed);
  return { ...(job.raw as object), seed: s.seed, bugs: s.bugs, ...(job.nemesis === 'none' ? { nemesis: 'none' } : job.nemesis ? { nemesis: job.nemesis } : {}) };
}

async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, ['seeds', 'bug', 'shard', 'workers', 'nemesis', 'until'], ['quiet']);
  if (flags.positional.length > 1) throw new UsageError('usage: npm run sweep -- [FILE.json] --seeds 1..1000 [--nemesis swarm] [--bug NAME] [--shard i/n] [--workers N]');
  const file = flags.positional[0] ?? null;
  const all = seedRange(flags.values.get('seeds')?.at(-1) ?? '1..100');
  const seeds = shardOf(all, flags.values.get('shard')?.at(-1));
  const nemesis = flags.values.get('nemesis')?.at(-1) ?? null;
  if (nemesis !== null && nemesis !== 'swarm' && nemesis !== 'none') throw new UsageError(`--nemesis: expected "swarm" or "none", got "${nemesis}"`);
  const bugs = flags.values.get('bug') ?? [];
  const rawScenario = file ? JSON.parse((await import('node:fs')).readFileSync(file, 'utf8')) : SWEEP_SCENARIO;
  const job: Job = { file, raw: rawScenario, seeds: [], bugs, nemesis, until: durationFlag(flags, 'until') ?? null };
  prepare(job, seeds[0] ?? 1); // validate once, in this thread: bad input exits 2 before any worker starts
  const workers = Math.max(1, Math.min(intFlag(flags, 'workers') ?? cpus().length, seeds.length));

  const started = performance.now();
  const failures: SeedResult[] = [];
  let done = 0;
  const quiet = flags.switches.has('quiet') || !process.stderr.isTTY;
  const progress = () => {
    if (quiet) return;
    const width = 30;
    const filled = Math.round((done / seeds.length) * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${seeds.length} seeds, ${failures.length} failed `);
  };
  const onResult = (r: SeedResult) => {
    done++;
    if (!r.ok) {
      failures.push(r);
      mkdirSync('failures', { recursive: true });
      const path = `failures/${(file ?? 'sweep').replace(/.*\//, '').replace(/\.json$/, '')}-seed-${r.seed}${bugs.length ? `-${bugs.join('-')}` : ''}.json`;
      writeFileSync(path, JSON.stringify(raw(job, r.seed), null, 2) + '\n');
      if (!quiet) process.stderr.write('\n');
      console.log(`FAIL seed ${r.seed}: ${r.detail}\n  reproduce: npm run sim -- ${path}`);
    }
    progress();
  };
  const chunks: number[][] = Array.from({ length: workers }, () => []);
  seeds.forEach((s, i) => chunks[i % workers].push(s));
  await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(new URL('./tsWorker.mjs', import.meta.url), { workerData: { ...job, seeds: chunk, entry: import.meta.url } });
          w.on('message', onResult);
          w.on('error', reject);
          w.on('exit', () => resolve());
        }),
    ),
  );
  const secs = (performance.now() - started) / 1000;
  if (!quiet) process.stderr.write('\n');
  console.log(`${seeds.length} seeds in ${secs.toFixed(1)} s (${((seeds.length / secs) * 60).toFixed(0)} seeds/min on ${workers} workers): ${seeds.length - failures.length} passed, ${failures.length} failed`);
  return failures.length > 0 ? 1 : 0;
}

if (isMainThread) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      if (e instanceof UsageError) {
        process.stderr.write(`error: ${e.message}\n`);
        process.exitCode = 2;
      } else throw e;
    },
  );
} else {
  worker();
}
