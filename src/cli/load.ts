/** Reads and parses a scenario file for the CLI tools, with errors that name the file. */
import { readFileSync } from 'node:fs';
import { parseScenario } from '../scenario/parse';
import { ScenarioError } from '../scenario/errors';
import type { Scenario } from '../scenario/types';
import { PLANTED_BUGS } from '../scenario/types';
import { UsageError } from './args';

export function loadScenario(file: string, overrides: { seed?: number; bugs?: string[] } = {}): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  try {
    const s = parseScenario(text, overrides.seed === undefined ? {} : { seed: overrides.seed });
    for (const b of overrides.bugs ?? []) {
      if (!(PLANTED_BUGS as readonly string[]).includes(b)) throw new UsageError(`--bug: unknown bug "${b}" (known: ${PLANTED_BUGS.join(', ')})`);
      if (!s.bugs.includes(b)) s.bugs.push(b);
    }
    return s;
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(`${file}: ${e.message}`);
    throw e;
  }
}
