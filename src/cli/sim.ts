/**
 * `npm run sim -- FILE.json [--seed N] [--until 30s] [--bug NAME] [--json]`
 *
 * Runs one scenario headless. Exit code 0 when every checker passed, 1 when one failed, 2 for
 * bad input (the message on stderr). With --json, prints the report of DESIGN.md on stdout.
 */
import { Simulation } from '../scenario/simulation';
import { formatDuration } from '../sim/time';
import { durationFlag, intFlag, parseFlags, UsageError } from './args';
import { loadScenario } from './load';
import { summarize } from './summary';

function main(argv: string[]): number {
  const flags = parseFlags(argv, ['seed', 'until', 'bug'], ['json', 'help']);
  if (flags.switches.has('help') || flags.positional.length !== 1) {
    if (!flags.switches.has('help')) throw new UsageError('usage: npm run sim -- FILE.json [--seed N] [--until 30s] [--bug NAME] [--json]');
    process.stdout.write('usage: npm run sim -- FILE.json [--seed N] [--until 30s] [--bug NAME] [--json]\n');
    return 0;
  }
  const scenario = loadScenario(flags.positional[0], { seed: intFlag(flags, 'seed'), bugs: flags.values.get('bug') });
  const until = durationFlag(flags, 'until') ?? scenario.duration;
  if (until > scenario.duration) scenario.duration = until;
  const started = performance.now();
  const sim = new Simulation(scenario);
  sim.runUntil(until);
  const report = sim.report();
  const wallMs = performance.now() - started;
  const ok = Object.values(report.checks).every((c) => c.ok);
  if (flags.switches.has('json')) process.stdout.write(JSON.stringify(report) + '\n');
  else process.stdout.write(summarize(report, wallMs, formatDuration(until)) + '\n');
  return ok ? 0 : 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    process.stderr.write(`error: ${e.message}\n`);
    process.exitCode = 2;
  } else throw e;
}
