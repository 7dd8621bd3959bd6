#!/usr/bin/env node
// `npm test`: type check, unit + scenario tests (Vitest), browser tests (Playwright), then
// one closing line "tests: N passed, N failed" summing both runners, which CI reads.
// Every stage runs even when an earlier one fails, so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const REPORTS = 'reports';
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

function run(title, cmd, args) {
  console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return r.status === 0;
}

function counts(file, pick) {
  if (!existsSync(file)) return null;
  try {
    return pick(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
}

const typesOk = run('type check', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
const unitOk = run('unit and scenario tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORTS}/vitest.json`]);
const buildOk = run('production build', 'npx', ['vite', 'build', '--logLevel', 'warn']);
const e2eOk = buildOk && run('browser tests', 'npx', ['playwright', 'test']);

const unit = counts(`${REPORTS}/vitest.json`, (j) => ({ passed: j.numPassedTests, failed: j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0), skipped: j.numPendingTests + j.numTodoTests }));
const e2e = counts(`${REPORTS}/playwright.json`, (j) => ({ passed: j.stats.expected, failed: j.stats.unexpected + j.stats.flaky, skipped: j.stats.skipped }));
let passed = (unit?.passed ?? 0) + (e2e?.passed ?? 0);
let failed = (unit?.failed ?? 0) + (e2e?.failed ?? 0);
const skipped = (unit?.skipped ?? 0) + (e2e?.skipped ?? 0);
// A stage that failed without reporting tests (type errors, a broken build) counts as one failure.
for (const [ok, got] of [[typesOk, true], [unitOk, unit], [buildOk, true], [e2eOk, e2e]]) if (!ok && (!got || got.failed === 0)) failed++;
if (typesOk) passed++;

console.log(`\ntype check: ${typesOk ? 'ok' : 'FAILED'}; unit: ${unitOk ? 'ok' : 'FAILED'}; build: ${buildOk ? 'ok' : 'FAILED'}; browser: ${e2eOk ? 'ok' : 'FAILED'}`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(typesOk && unitOk && buildOk && e2eOk ? 0 : 1);
