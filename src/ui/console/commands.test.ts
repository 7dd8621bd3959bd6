import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parse';
import { Simulation } from '../../scenario/simulation';
import type { ActionInput } from '../../scenario/types';
import { COMMANDS, COMMAND_WORDS, CommandError, complete, parseCommand } from './commands';

const NODES = ['n1', 'n2', 'n3', 'cli'];
const action = (line: string) => {
  const c = parseCommand(line, NODES);
  if (c.kind !== 'action') throw new Error(`${line}: not an action`);
  return c.action;
};
const error = (line: string): string => {
  try {
    parseCommand(line, NODES);
  } catch (e) {
    if (e instanceof CommandError) return e.message;
    throw e;
  }
  throw new Error(`${line}: parsed without an error`);
};

describe('console: put', () => {
  it('keeps the rest of the line as the value, as before', () => {
    expect(action('put x 1')).toEqual({ do: 'put', key: 'x', value: '1' });
    expect(action('put greeting hello world')).toEqual({ do: 'put', key: 'greeting', value: 'hello world' });
  });

  it('attaches the key to a lease with --lease=ID or --lease ID, anywhere after put', () => {
    expect(action('put lock me --lease=1')).toEqual({ do: 'put', key: 'lock', value: 'me', lease: 1 });
    expect(action('put --lease 7 lock me')).toEqual({ do: 'put', key: 'lock', value: 'me', lease: 7 });
    expect(action('put lock hello world --lease=12')).toEqual({ do: 'put', key: 'lock', value: 'hello world', lease: 12 });
  });

  it('after a bare "--" every word is the key or value', () => {
    expect(action('put k -- --lease=1')).toEqual({ do: 'put', key: 'k', value: '--lease=1' });
  });

  it('says what is wrong with a flag', () => {
    expect(error('put lock me --lease=0')).toBe('--lease "0" is not a lease id (a whole number from 1; 0 means no lease)');
    expect(error('put lock me --lease=abc')).toMatch(/^--lease "abc" is not a lease id/);
    expect(error('put lock me --lease')).toBe('--lease needs a value, like --lease=1');
    expect(error('put lock me --lease=1 --lease=2')).toBe('--lease given twice');
    expect(error('put lock me --ttl=5')).toBe('unknown flag "--ttl=5" for put (flags: --lease=…)');
    expect(error('put lock --lease=1')).toBe('usage: put KEY VALUE [--lease=ID]');
  });
});

describe('console: lease', () => {
  it('grant takes a TTL (a bare number is seconds, as in etcdctl) and an optional --id', () => {
    expect(action('lease grant 5s')).toEqual({ do: 'lease-grant', ttl: '5s' });
    expect(action('lease grant 1500ms')).toEqual({ do: 'lease-grant', ttl: '1500ms' });
    expect(action('lease grant 10')).toEqual({ do: 'lease-grant', ttl: '10s' });
    expect(action('lease grant 5s --id=7')).toEqual({ do: 'lease-grant', ttl: '5s', id: 7 });
    expect(action('lease grant --id 7 5s')).toEqual({ do: 'lease-grant', ttl: '5s', id: 7 });
  });

  it('keep-alive (or keepalive) and revoke take an id', () => {
    expect(action('lease keep-alive 7')).toEqual({ do: 'lease-keepalive', id: 7 });
    expect(action('lease keepalive 7')).toEqual({ do: 'lease-keepalive', id: 7 });
    expect(action('lease revoke 7')).toEqual({ do: 'lease-revoke', id: 7 });
  });

  it('says what is wrong, with the usage', () => {
    expect(error('lease')).toBe('lease needs a subcommand: lease grant TTL [--id=ID] · lease keep-alive ID · lease revoke ID');
    expect(error('lease list')).toMatch(/^unknown lease subcommand "list": lease grant TTL/);
    expect(error('lease grant')).toBe('usage: lease grant TTL [--id=ID]');
    expect(error('lease grant soon')).toBe('TTL "soon" is not a duration like 5s or 1500ms (a bare number is seconds)');
    expect(error('lease grant 0s')).toBe('a lease TTL must be longer than 0');
    expect(error('lease grant 9000000001')).toMatch(/longer than etcd's maximum/);
    expect(error('lease grant 5s --id=0')).toMatch(/^--id "0" is not a lease id/);
    expect(error('lease grant 5s 6s')).toBe('too many words; usage: lease grant TTL [--id=ID]');
    expect(error('lease revoke')).toBe('usage: lease revoke ID');
    expect(error('lease revoke x1')).toBe('ID "x1" is not a lease id (a whole number from 1; 0 means no lease)');
    expect(error('lease keep-alive 1 2')).toBe('too many words; usage: lease keep-alive ID');
    expect(error('lease revoke 1 --id=2')).toBe('unknown flag "--id=2" for lease revoke (it takes none)');
  });

  it('the actions it makes are ones the scenario accepts: the TTL lands in µs', () => {
    const sim = new Simulation(parseScenario({ name: 'console', seed: 1, duration: '10s', topology: { etcd: 3 } }));
    sim.runUntil(2_000_000);
    const run = (line: string) => sim.perform(action(line) as ActionInput);
    run('lease grant 5s');
    run('lease grant 2 --id=7');
    sim.runUntil(2_200_000); // the grants apply before the put names lease 1
    for (const line of ['put lock me --lease=1', 'lease keepalive 1', 'lease revoke 7']) run(line);
    expect(sim.scenario.actions.map(({ at: _, ...a }) => a)).toEqual([
      { do: 'lease-grant', ttl: 5_000_000 },
      { do: 'lease-grant', ttl: 2_000_000, id: 7 },
      { do: 'put', key: 'lock', value: 'me', lease: 1 },
      { do: 'lease-keepalive', id: 1 },
      { do: 'lease-revoke', id: 7 },
    ]);
    sim.runUntil(3_000_000);
    const put = sim.history().find((o) => o.op === 'put' && o.key === 'lock')!;
    expect(put).toMatchObject({ ok: true, lease: 1 });
    expect(put.error).toBeUndefined();
  });
});

describe('console: help and completion', () => {
  it('help lists the lease commands and the put flag', () => {
    const usages = Object.values(COMMANDS).map((c) => c.usage);
    expect(usages).toEqual(expect.arrayContaining(['lease grant TTL [--id=ID]', 'lease keep-alive ID', 'lease revoke ID', 'put KEY VALUE [--lease=ID]']));
    expect(COMMAND_WORDS.filter((w) => w === 'lease')).toHaveLength(1);
    expect(COMMAND_WORDS).toContain('stop');
  });

  it('completes the command, then the lease subcommand, then a lease id', () => {
    expect(complete('lea', NODES)).toEqual(['lease']);
    expect(complete('lease ', NODES)).toEqual(['grant', 'keep-alive', 'revoke']);
    expect(complete('lease re', NODES)).toEqual(['revoke']);
    expect(complete('lease keepa', NODES)).toEqual(['keepalive']);
    expect(complete('lease revoke ', NODES, [1, 7, 12])).toEqual(['1', '7', '12']);
    expect(complete('lease keep-alive 1', NODES, [1, 7, 12])).toEqual(['12']);
    expect(complete('lease grant 5s --', NODES)).toEqual(['--id=']);
    expect(complete('lease revoke 1 ', NODES, [1])).toEqual([]);
  });

  it('completes --lease= and its id after put, and still node ids elsewhere', () => {
    expect(complete('put lock me --l', NODES)).toEqual(['--lease=']);
    expect(complete('put lock me --lease=', NODES, [1, 7])).toEqual(['--lease=1', '--lease=7']);
    expect(complete('put lock m', NODES)).toEqual([]);
    expect(complete('crash n', NODES)).toEqual(['n1', 'n2', 'n3']);
    expect(complete('resta', NODES)).toEqual(['restart']);
  });

  it('an unknown command still suggests near ones', () => {
    expect(error('leas grant 5s')).toBe('unknown command "leas" (did you mean lease?); type "help"');
  });
});
