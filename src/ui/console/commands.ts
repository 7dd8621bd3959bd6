/**
 * Console commands: one line of text → a scenario action (the same ones the buttons make)
 * or a run command (play, speed, seek). Errors say what was expected, for inline display.
 * Key-value and lease commands follow etcdctl (`put KEY VALUE --lease=ID`, `lease grant 5s`).
 */
import type { UserAction } from '../engine/types';
import { parseDuration } from '../../sim/time';

export type Command =
  | { kind: 'action'; action: UserAction }
  | { kind: 'run'; run: 'play' | 'pause' | 'undo' | 'help' | 'clear' }
  | { kind: 'speed'; speed: number }
  | { kind: 'seek'; us: number };

export class CommandError extends Error {}

interface Spec {
  usage: string;
  help: string;
}

/** Keyed by the command's words: "lease grant" is the `lease` command's `grant`. */
export const COMMANDS: Record<string, Spec> = {
  put: { usage: 'put KEY VALUE [--lease=ID]', help: 'write through the built-in client (--lease: attach the key)' },
  get: { usage: 'get KEY', help: 'read through the built-in client' },
  delete: { usage: 'delete KEY', help: 'delete a key' },
  cas: { usage: 'cas KEY EXPECTED VALUE', help: 'compare-and-swap (EXPECTED "-" = absent)' },
  'lease grant': { usage: 'lease grant TTL [--id=ID]', help: 'grant a lease, e.g. 5s (a bare number = seconds); id: next free' },
  'lease keep-alive': { usage: 'lease keep-alive ID', help: 'renew a lease once: its TTL starts again (also keepalive)' },
  'lease revoke': { usage: 'lease revoke ID', help: 'revoke a lease: its keys are deleted' },
  crash: { usage: 'crash NODE', help: 'power loss: unsynced writes are gone' },
  restart: { usage: 'restart NODE', help: 'boot a crashed member from its disk' },
  pause: { usage: 'pause NODE', help: 'freeze a process (timers late, messages queue)' },
  resume: { usage: 'resume NODE', help: 'unfreeze it' },
  timeout: { usage: 'timeout NODE', help: 'its election timer fires now' },
  transfer: { usage: 'transfer NODE', help: 'leadership transfer to NODE' },
  partition: { usage: 'partition A B | C D E', help: 'split into groups ("*" = everyone else)' },
  heal: { usage: 'heal', help: 'remove every cut' },
  cut: { usage: 'cut FROM TO', help: 'one-way cut' },
  isolate: { usage: 'isolate NODE', help: 'cut a node off from everyone' },
  link: { usage: 'link FROM TO [latency=50ms] [loss=10%]', help: "change one direction of a link" },
  skew: { usage: 'skew NODE RATE', help: 'clock rate (1 = true time)' },
  hold: { usage: 'hold [from=N] [to=N] [type=MsgVote]', help: 'hold matching messages for manual delivery' },
  release: { usage: 'release', help: 'stop holding; deliver what was held' },
  deliver: { usage: 'deliver MSG', help: 'deliver one held message' },
  drop: { usage: 'drop MSG', help: 'drop one message' },
  add: { usage: 'add NODE [learner]', help: 'add a member' },
  remove: { usage: 'remove NODE', help: 'remove a member' },
  bug: { usage: 'bug NAME on|off', help: 'switch a planted bug' },
  nemesis: { usage: 'nemesis on|off', help: 'random faults' },
  probe: { usage: 'probe LABEL', help: 'record a state snapshot in the report' },
  play: { usage: 'play', help: 'run' },
  pause_run: { usage: 'stop', help: 'pause the run' },
  speed: { usage: 'speed FACTOR', help: 'e.g. speed 0.1 or speed 1/100' },
  seek: { usage: 'seek TIME', help: 'jump to a time, e.g. seek 5s' },
  undo: { usage: 'undo', help: 'undo the last fork' },
  clear: { usage: 'clear', help: 'clear the console' },
  help: { usage: 'help', help: 'list commands' },
};

export const COMMAND_WORDS = [...new Set(Object.keys(COMMANDS).map((k) => (k === 'pause_run' ? 'stop' : k.split(' ')[0])))];

/** `lease` subcommands, and the spellings they also answer to. */
const LEASE_SUBCOMMANDS = ['grant', 'keep-alive', 'revoke'];
const LEASE_ALIASES: Record<string, string> = { keepalive: 'keep-alive' };

function need(words: string[], n: number, cmd: string): void {
  if (words.length < n + 1) throw new CommandError(`usage: ${COMMANDS[cmd].usage}`);
  if (words.length > n + 1 && !['partition', 'link', 'hold', 'add'].includes(cmd)) throw new CommandError(`too many words; usage: ${COMMANDS[cmd].usage}`);
}

/**
 * Splits etcdctl-style flags (`--lease=7` or `--lease 7`) from the other words. Only `allowed`
 * flags are accepted; after a bare `--` every word is positional (a value may start with "--").
 */
function takeFlags(args: string[], allowed: string[], cmd: string): { words: string[]; flags: Record<string, string> } {
  const words: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (w === '--') {
      words.push(...args.slice(i + 1));
      break;
    }
    if (!w.startsWith('--')) {
      words.push(w);
      continue;
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(w);
    const name = m?.[1];
    if (!m || !allowed.includes(name!)) {
      const known = allowed.map((f) => `--${f}=…`).join(', ');
      throw new CommandError(`unknown flag "${w}" for ${cmd}${known ? ` (flags: ${known})` : ' (it takes none)'}`);
    }
    let value = m[2];
    if (value === undefined) {
      value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new CommandError(`--${name} needs a value, like --${name}=1`);
      i++;
    }
    if (name! in flags) throw new CommandError(`--${name} given twice`);
    flags[name!] = value;
  }
  return { words, flags };
}

/** A lease id as the scenario takes it: a whole number from 1 (0 is etcd's "no lease"). */
function leaseIdArg(word: string, what: string): number {
  const id = /^\d+$/.test(word) ? Number(word) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw new CommandError(`${what} "${word}" is not a lease id (a whole number from 1; 0 means no lease)`);
  return id;
}

/** etcd's MaxLeaseTTL (9,000,000,000 s). */
const MAX_LEASE_TTL_S = 9_000_000_000;

/** A TTL: a duration like 5s or 1500ms; a bare number is seconds, as etcdctl takes it. */
function ttlArg(word: string): string {
  const text = /^\d+(\.\d+)?$/.test(word) ? `${word}s` : word;
  const us = parseDuration(text);
  if (us === null) throw new CommandError(`TTL "${word}" is not a duration like 5s or 1500ms (a bare number is seconds)`);
  if (us <= 0) throw new CommandError('a lease TTL must be longer than 0');
  if (us > MAX_LEASE_TTL_S * 1e6) throw new CommandError(`TTL "${word}" is longer than etcd's maximum (${MAX_LEASE_TTL_S} s)`);
  return text;
}

function leaseCommand(args: string[]): UserAction {
  const [sub0, ...rest] = args;
  const sub = sub0 === undefined ? undefined : LEASE_ALIASES[sub0] ?? sub0;
  if (sub === undefined || !LEASE_SUBCOMMANDS.includes(sub)) {
    const what = sub0 === undefined ? 'lease needs a subcommand' : `unknown lease subcommand "${sub0}"`;
    throw new CommandError(`${what}: ${LEASE_SUBCOMMANDS.map((c) => COMMANDS[`lease ${c}`].usage).join(' · ')}`);
  }
  const spec = COMMANDS[`lease ${sub}`];
  const { words, flags } = takeFlags(rest, sub === 'grant' ? ['id'] : [], `lease ${sub}`);
  if (words.length === 0) throw new CommandError(`usage: ${spec.usage}`);
  if (words.length > 1) throw new CommandError(`too many words; usage: ${spec.usage}`);
  if (sub === 'grant') {
    const id = flags.id === undefined ? undefined : leaseIdArg(flags.id, '--id');
    // The scenario parser reads the TTL text (a number there would be ms); the engine parses it.
    return { do: 'lease-grant', ttl: ttlArg(words[0]) as unknown as number, ...(id !== undefined && { id }) };
  }
  return { do: sub === 'revoke' ? 'lease-revoke' : 'lease-keepalive', id: leaseIdArg(words[0], 'ID') };
}

function nodeArg(word: string, nodes: readonly string[], allowLeader = true): string {
  if (word === '@leader' && allowLeader) return word;
  if (!nodes.includes(word)) throw new CommandError(`no member "${word}" (members: ${nodes.join(', ')})`);
  return word;
}

function keyValues(words: string[], allowed: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const w of words) {
    const m = /^([a-z]+)=(.+)$/.exec(w);
    if (!m || !allowed.includes(m[1])) throw new CommandError(`expected ${allowed.map((a) => `${a}=…`).join(' or ')}, not "${w}"`);
    out[m[1]] = m[2];
  }
  return out;
}

function onOff(word: string | undefined): boolean {
  if (word === 'on') return true;
  if (word === 'off') return false;
  throw new CommandError(`expected "on" or "off", not "${word ?? ''}"`);
}

export function parseCommand(line: string, nodes: readonly string[]): Command {
  const words = line.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) throw new CommandError('type a command, or "help"');
  const [cmd, ...args] = words;
  const node = (i: number) => nodeArg(args[i], nodes);
  const a = (action: UserAction): Command => ({ kind: 'action', action });
  switch (cmd) {
    case 'put': {
      const { words: kv, flags } = takeFlags(args, ['lease'], 'put');
      if (kv.length < 2) throw new CommandError(`usage: ${COMMANDS.put.usage}`);
      const lease = flags.lease === undefined ? undefined : leaseIdArg(flags.lease, '--lease');
      return a({ do: 'put', key: kv[0], value: kv.slice(1).join(' '), ...(lease !== undefined && { lease }) });
    }
    case 'lease': return a(leaseCommand(args));
    case 'get': need(words, 1, cmd); return a({ do: 'get', key: args[0] });
    case 'delete': case 'del': need(words, 1, 'delete'); return a({ do: 'delete', key: args[0] });
    case 'cas': need(words, 3, cmd); return a({ do: 'cas', key: args[0], expected: args[1] === '-' ? null : args[1], value: args[2] });
    case 'crash': case 'restart': case 'pause': case 'resume': case 'timeout': case 'isolate':
      need(words, 1, cmd); return a({ do: cmd, node: node(0) });
    case 'transfer': need(words, 1, cmd); return a({ do: 'transfer', to: node(0) });
    case 'remove': need(words, 1, cmd); return a({ do: 'remove-member', node: node(0) });
    case 'add': {
      need(words, 1, cmd);
      if (!/^[a-z][a-z0-9-]*$/.test(args[0])) throw new CommandError(`"${args[0]}" is not a node id (like n6)`);
      if (args[1] !== undefined && args[1] !== 'learner') throw new CommandError(`expected "learner" or nothing after the id, not "${args[1]}"`);
      return a({ do: 'add-member', node: args[0], ...(args[1] ? { learner: true } : {}) });
    }
    case 'heal': need(words, 0, cmd); return a({ do: 'heal' });
    case 'release': return a({ do: 'release' });
    case 'cut': {
      const pair = args.length === 1 && args[0].includes('->') ? args[0].split('->') : args;
      if (pair.length !== 2) throw new CommandError(`usage: ${COMMANDS.cut.usage}`);
      return a({ do: 'cut', from: nodeArg(pair[0], nodes), to: nodeArg(pair[1], nodes) });
    }
    case 'partition': {
      const groups = args.join(' ').split('|').map((g) => g.trim().split(/\s+/).filter(Boolean));
      if (groups.length < 2 || groups.some((g) => g.length === 0)) throw new CommandError('usage: partition A B | C D (at least two non-empty groups)');
      return a({ do: 'partition', groups: groups.map((g) => g.map((w) => (w === '*' ? w : nodeArg(w, nodes)))) });
    }
    case 'link': {
      if (args.length < 3) throw new CommandError(`usage: ${COMMANDS.link.usage}`);
      const kv = keyValues(args.slice(2), ['latency', 'loss']);
      const action: Record<string, unknown> = { do: 'link', from: nodeArg(args[0], nodes, false), to: nodeArg(args[1], nodes, false) };
      if (kv.latency !== undefined) {
        const text = /^\d+(\.\d+)?$/.test(kv.latency) ? `${kv.latency}ms` : kv.latency;
        if (parseDuration(text) === null) throw new CommandError(`latency "${kv.latency}" is not a duration like 50ms`);
        action.latency = text;
      }
      if (kv.loss !== undefined) {
        const pct = Number(kv.loss.replace(/%$/, ''));
        if (!Number.isFinite(pct) || pct < 0 || pct > 100) throw new CommandError(`loss "${kv.loss}" is not a percentage from 0 to 100`);
        action.loss = kv.loss.endsWith('%') || pct > 1 ? pct / 100 : pct;
      }
      return a(action as UserAction);
    }
    case 'skew': {
      need(words, 2, cmd);
      const rate = Number(args[1]);
      if (!Number.isFinite(rate) || rate <= 0) throw new CommandError(`rate "${args[1]}" must be a positive number (1 = true time)`);
      return a({ do: 'skew', node: node(0), rate });
    }
    case 'hold': {
      const kv = keyValues(args, ['from', 'to', 'type']);
      return a({ do: 'hold', ...(kv.from ? { from: nodeArg(kv.from, nodes, false) } : {}), ...(kv.to ? { to: nodeArg(kv.to, nodes, false) } : {}), ...(kv.type ? { type: kv.type } : {}) });
    }
    case 'deliver': case 'drop': {
      need(words, 1, cmd);
      const msg = Number(args[0].replace(/^#/, ''));
      if (!Number.isInteger(msg) || msg <= 0) throw new CommandError(`"${args[0]}" is not a message id (see the message card or held list)`);
      return a({ do: cmd, msg });
    }
    case 'bug': need(words, 2, cmd); return a({ do: 'bug', name: args[0], on: onOff(args[1]) });
    case 'nemesis': need(words, 1, cmd); return a({ do: 'nemesis', on: onOff(args[0]) });
    case 'probe': need(words, 1, cmd); return a({ do: 'probe', label: args[0] });
    case 'play': return { kind: 'run', run: 'play' };
    case 'stop': return { kind: 'run', run: 'pause' };
    case 'undo': return { kind: 'run', run: 'undo' };
    case 'help': return { kind: 'run', run: 'help' };
    case 'clear': return { kind: 'run', run: 'clear' };
    case 'speed': {
      need(words, 1, cmd);
      const m = /^1\/(\d+(?:\.\d+)?)$/.exec(args[0]);
      const speed = m ? 1 / Number(m[1]) : Number(args[0].replace(/x$/, ''));
      if (!Number.isFinite(speed) || speed < 0.001 || speed > 1000) throw new CommandError('speed is a factor from 1/1000 to 1000, like 0.1 or 1/100');
      return { kind: 'speed', speed };
    }
    case 'seek': {
      need(words, 1, cmd);
      const us = parseDuration(/^\d+(\.\d+)?$/.test(args[0]) ? Number(args[0]) * 1000 : args[0]);
      if (us === null) throw new CommandError(`"${args[0]}" is not a time like 5s or 1500ms`);
      return { kind: 'seek', us };
    }
    default: {
      const near = COMMAND_WORDS.filter((w) => w.startsWith(cmd.slice(0, 2)));
      throw new CommandError(`unknown command "${cmd}"${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; type "help"`);
    }
  }
}

/**
 * Completes the last word: a command, then node ids; for `lease`, its subcommand and then a
 * lease id; for `put`, the `--lease=` flag and its id. `leases`: the ids that exist now.
 * Returns the candidates.
 */
export function complete(line: string, nodes: readonly string[], leases: readonly number[] = []): string[] {
  const words = line.trimStart().split(/\s+/);
  const last = words[words.length - 1];
  const ids = leases.map(String);
  const match = (pool: readonly string[]) => pool.filter((w) => w.startsWith(last) && w !== last);
  if (words.length === 1) return match(COMMAND_WORDS);
  if (words[0] === 'lease') {
    if (words.length === 2) {
      const subs = match(LEASE_SUBCOMMANDS);
      return subs.length > 0 ? subs : match(Object.keys(LEASE_ALIASES));
    }
    const sub = LEASE_ALIASES[words[1]] ?? words[1];
    if (sub === 'grant') return match(['--id=']);
    if (words.length === 3 && (sub === 'keep-alive' || sub === 'revoke')) return match(ids);
    return [];
  }
  if (words[0] === 'put') {
    if (last.startsWith('--lease=')) return match(ids.map((id) => `--lease=${id}`));
    return last.startsWith('-') ? match(['--lease=']) : [];
  }
  return match([...nodes, '@leader', 'on', 'off']);
}
