/**
 * The text form of a KV request: what a Raft log entry carries and what the UI and the JSON
 * report show. Simple requests read like etcdctl commands:
 *
 *   put KEY VALUE [--lease=N] [--prev-kv]
 *   get KEY [RANGE_END] [--prefix] [--rev=N] [--limit=N] [--count-only] [--serializable]
 *   delete KEY [RANGE_END] [--prefix] [--prev-kv]
 *   cas KEY EXPECTED VALUE          (EXPECTED `null` = key absent; see casRequest)
 *   compact REV
 *   lease-grant ID TTL_MS | lease-revoke ID | lease-keepalive ID | lease-expire-check NOW_MS
 *   txn {"compare":[...],"success":[...],"failure":[...]}
 *
 * Tokens are separated by whitespace. A token that is empty, contains whitespace, a quote or a
 * control character, starts with `--`, or is the word `null` is written as a JSON string
 * ("a b", "", "null"). Boolean flags are `--flag` for true and `--flag=false` for an explicit
 * false, so every request round-trips exactly: decodeRequest(encodeRequest(r)) deep-equals r.
 */
import type { Compare, CompareResult, KvRequest, Op, TxnRequest } from './types';

export type * from './types';

/**
 * Compare-and-swap as a txn: if value(key) = expected (or, for expected null, the key is
 * absent: create_revision = 0) then put key value, else get key so the caller learns the
 * value that won. Encodes as `cas KEY EXPECTED VALUE`.
 */
export function casRequest(key: string, expected: string | null, value: string): TxnRequest {
  const compare: Compare =
    expected === null
      ? { key, target: 'create', result: '=', value: 0 }
      : { key, target: 'value', result: '=', value: expected };
  return { type: 'txn', compare: [compare], success: [{ type: 'put', key, value }], failure: [{ type: 'range', key }] };
}

/** If `txn` is exactly what casRequest builds, its arguments (checked field by field). */
export function asCas(txn: TxnRequest): { key: string; expected: string | null; value: string } | null {
  if (!hasOnly(txn, 4) || txn.compare.length !== 1 || txn.success.length !== 1 || txn.failure.length !== 1) return null;
  const c = txn.compare[0];
  const put = txn.success[0];
  const get = txn.failure[0];
  if (put.type !== 'put' || !hasOnly(put, 3) || put.key !== c.key) return null;
  if (get.type !== 'range' || !hasOnly(get, 2) || get.key !== c.key) return null;
  if (c.result !== '=' || !hasOnly(c, 4)) return null;
  if (c.target === 'value' && typeof c.value === 'string') return { key: c.key, expected: c.value, value: put.value };
  if (c.target === 'create' && c.value === 0) return { key: c.key, expected: null, value: put.value };
  return null;
}

/** An object with exactly `n` defined fields: nothing beyond what casRequest sets. */
function hasOnly(o: object, n: number): boolean {
  let count = 0;
  for (const k in o) if ((o as Record<string, unknown>)[k] !== undefined) count++;
  return count === n;
}

// ---------------------------------------------------------------------------------------------
// Encoding

/** Text form of a request. Throws if the request is malformed (validated like decoding). */
export function encodeRequest(req: KvRequest): string {
  const r = checkRequest(req, 'request', true);
  switch (r.type) {
    case 'put':
      return join('put', [r.key, r.value], [num('lease', r.lease), flag('prev-kv', r.prevKv)]);
    case 'range':
      return join('get', r.rangeEnd === undefined ? [r.key] : [r.key, r.rangeEnd], [
        flag('prefix', r.prefix),
        num('rev', r.revision),
        num('limit', r.limit),
        flag('count-only', r.countOnly),
        flag('serializable', r.serializable),
      ]);
    case 'delete':
      return join('delete', r.rangeEnd === undefined ? [r.key] : [r.key, r.rangeEnd], [
        flag('prefix', r.prefix),
        flag('prev-kv', r.prevKv),
      ]);
    case 'txn': {
      const cas = asCas(r);
      if (cas) return casText(cas.key, cas.expected, cas.value);
      return `txn ${JSON.stringify({ compare: r.compare, success: r.success, failure: r.failure })}`;
    }
    case 'compact':
      return `compact ${r.revision}`;
    case 'lease-grant':
      return `lease-grant ${r.id} ${r.ttlMs}`;
    case 'lease-revoke':
      return `lease-revoke ${r.id}`;
    case 'lease-keepalive':
      return `lease-keepalive ${r.id}`;
    case 'lease-expire-check':
      return `lease-expire-check ${r.nowMs}`;
  }
}

function join(cmd: string, positional: string[], flags: (string | null)[]): string {
  const parts = [cmd, ...positional.map(quote)];
  for (const f of flags) if (f !== null) parts.push(f);
  return parts.join(' ');
}

function num(name: string, v: number | undefined): string | null {
  return v === undefined ? null : `--${name}=${v}`;
}

function flag(name: string, v: boolean | undefined): string | null {
  return v === undefined ? null : v ? `--${name}` : `--${name}=false`;
}

/** A token as written: bare when unambiguous, else a JSON string. */
export function quote(token: string): string {
  return needsQuotes(token) ? JSON.stringify(token) : token;
}

function needsQuotes(token: string): boolean {
  if (token === '' || token === 'null' || token.startsWith('--')) return true;
  // Printable ASCII other than `"` is always bare; anything else is left to the full test
  // (which knows every Unicode space). Most tokens are short ASCII, so the loop decides.
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    // eslint-disable-next-line no-control-regex
    if (c <= 0x20 || c >= 0x7f || c === 0x22) return /[\s"\u0000-\u001f\u007f]/.test(token);
  }
  return false;
}

// The common client requests, written without building and validating the object first: the
// text is exactly what encodeRequest gives for the same request (request.test.ts checks).

/** encodeRequest({ type: 'range', key }). */
export function getText(key: string): string {
  if (typeof key !== 'string') return encodeRequest({ type: 'range', key });
  return `get ${quote(key)}`;
}

/** encodeRequest({ type: 'put', key, value }), with `lease` when it is given. */
export function putText(key: string, value: string, lease: number | undefined): string {
  if (lease === undefined) {
    if (typeof key !== 'string' || typeof value !== 'string') return encodeRequest({ type: 'put', key, value });
    return `put ${quote(key)} ${quote(value)}`;
  }
  if (typeof key !== 'string' || typeof value !== 'string' || !Number.isSafeInteger(lease) || lease < 0) {
    return encodeRequest({ type: 'put', key, value, lease });
  }
  return `put ${quote(key)} ${quote(value)} --lease=${lease}`;
}

/** encodeRequest(casRequest(key, expected, value)). */
export function casText(key: string, expected: string | null, value: string): string {
  if (typeof key !== 'string' || (expected !== null && typeof expected !== 'string') || typeof value !== 'string') {
    return encodeRequest(casRequest(key, expected, value));
  }
  return `cas ${quote(key)} ${expected === null ? 'null' : quote(expected)} ${quote(value)}`;
}

// ---------------------------------------------------------------------------------------------
// Decoding

interface Token {
  text: string;
  quoted: boolean;
}

/** Parse the text form. Throws an Error that names what is wrong. */
export function decodeRequest(text: string): KvRequest {
  const trimmed = text.trim();
  const m = /^(\S+)/.exec(trimmed);
  if (!m) throw new Error('empty request: expected a command such as "put KEY VALUE"');
  const cmd = m[1];
  if (cmd === 'txn') {
    const body = trimmed.slice(3).trim();
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (e) {
      throw new Error(`txn: body is not valid JSON (${(e as Error).message})`);
    }
    return checkRequest({ ...asObject(parsed, 'txn'), type: 'txn' }, 'txn');
  }
  const tokens = tokenize(trimmed).slice(1);
  const args: Token[] = [];
  const flags = new Map<string, string | true>();
  for (const t of tokens) {
    if (!t.quoted && t.text.startsWith('--')) {
      const eq = t.text.indexOf('=');
      const name = eq < 0 ? t.text.slice(2) : t.text.slice(2, eq);
      if (flags.has(name)) throw new Error(`${cmd}: flag --${name} given twice`);
      flags.set(name, eq < 0 ? true : t.text.slice(eq + 1));
    } else args.push(t);
  }
  const p = new Parsed(cmd, args, flags);
  let req: KvRequest;
  switch (cmd) {
    case 'put': {
      p.arity(2, 2, 'KEY VALUE');
      const r: KvRequest = { type: 'put', key: p.str(0), value: p.str(1) };
      p.optNum('lease', (v) => (r.lease = v));
      p.optBool('prev-kv', (v) => (r.prevKv = v));
      req = r;
      break;
    }
    case 'get':
    case 'range': {
      p.arity(1, 2, 'KEY [RANGE_END]');
      const r: KvRequest = { type: 'range', key: p.str(0) };
      if (args.length === 2) r.rangeEnd = p.str(1);
      p.optBool('prefix', (v) => (r.prefix = v));
      p.optNum('rev', (v) => (r.revision = v));
      p.optNum('limit', (v) => (r.limit = v));
      p.optBool('count-only', (v) => (r.countOnly = v));
      p.optBool('serializable', (v) => (r.serializable = v));
      req = r;
      break;
    }
    case 'delete':
    case 'del': {
      p.arity(1, 2, 'KEY [RANGE_END]');
      const r: KvRequest = { type: 'delete', key: p.str(0) };
      if (args.length === 2) r.rangeEnd = p.str(1);
      p.optBool('prefix', (v) => (r.prefix = v));
      p.optBool('prev-kv', (v) => (r.prevKv = v));
      req = r;
      break;
    }
    case 'cas':
      p.arity(3, 3, 'KEY EXPECTED VALUE');
      req = casRequest(p.str(0), !args[1].quoted && args[1].text === 'null' ? null : args[1].text, p.str(2));
      break;
    case 'compact':
      p.arity(1, 1, 'REVISION');
      req = { type: 'compact', revision: p.int(0, 'REVISION') };
      break;
    case 'lease-grant':
      p.arity(2, 2, 'ID TTL_MS');
      req = { type: 'lease-grant', id: p.int(0, 'ID'), ttlMs: p.int(1, 'TTL_MS') };
      break;
    case 'lease-revoke':
    case 'lease-keepalive':
      p.arity(1, 1, 'ID');
      req = { type: cmd, id: p.int(0, 'ID') };
      break;
    case 'lease-expire-check':
      p.arity(1, 1, 'NOW_MS');
      req = { type: 'lease-expire-check', nowMs: p.int(0, 'NOW_MS') };
      break;
    default:
      throw new Error(
        `unknown command "${cmd}" (expected put, get, delete, cas, txn, compact, lease-grant, lease-revoke, lease-keepalive or lease-expire-check)`,
      );
  }
  p.noMoreFlags();
  return req;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    const start = i;
    if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      if (i >= text.length) throw new Error(`unterminated quoted token at column ${start + 1}: ${text.slice(start)}`);
      i++;
      const raw = text.slice(start, i);
      let value: string;
      try {
        value = JSON.parse(raw) as string;
      } catch (e) {
        throw new Error(`bad quoted token at column ${start + 1}: ${raw} (${(e as Error).message})`);
      }
      if (i < text.length && !/\s/.test(text[i])) throw new Error(`expected a space after the quoted token at column ${start + 1}`);
      out.push({ text: value, quoted: true });
    } else {
      while (i < text.length && !/\s/.test(text[i])) {
        if (text[i] === '"') throw new Error(`unexpected quote inside token at column ${i + 1}; quote the whole token`);
        i++;
      }
      out.push({ text: text.slice(start, i), quoted: false });
    }
  }
  return out;
}

class Parsed {
  constructor(
    private readonly cmd: string,
    private readonly args: Token[],
    private readonly flags: Map<string, string | true>,
  ) {}

  arity(min: number, max: number, usage: string): void {
    const n = this.args.length;
    if (n < min || n > max) throw new Error(`${this.cmd}: expected ${usage} (${min === max ? min : `${min} or ${max}`} arguments), got ${n}`);
  }

  str(i: number): string {
    return this.args[i].text;
  }

  int(i: number, what: string): number {
    return parseNat(this.args[i].text, `${this.cmd}: ${what}`);
  }

  optNum(name: string, set: (v: number) => void): void {
    const v = this.flags.get(name);
    if (v === undefined) return;
    this.flags.delete(name);
    if (v === true) throw new Error(`${this.cmd}: --${name} needs a value, e.g. --${name}=5`);
    set(parseNat(v, `${this.cmd}: --${name}`));
  }

  optBool(name: string, set: (v: boolean) => void): void {
    const v = this.flags.get(name);
    if (v === undefined) return;
    this.flags.delete(name);
    if (v === true || v === 'true') set(true);
    else if (v === 'false') set(false);
    else throw new Error(`${this.cmd}: --${name} takes no value or =true/=false, got "${v}"`);
  }

  noMoreFlags(): void {
    for (const name of this.flags.keys()) throw new Error(`${this.cmd}: unknown flag --${name}`);
  }
}

function parseNat(s: string, what: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(s) || !Number.isSafeInteger(Number(s))) {
    throw new Error(`${what} must be a non-negative integer, got "${s}"`);
  }
  return Number(s);
}

// ---------------------------------------------------------------------------------------------
// Validation of the object form (txn JSON bodies, and every request before it is encoded).
// Returns a copy with fields in canonical order, so encodings are stable.

type Obj = Record<string, unknown>;

function asObject(v: unknown, path: string): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${path}: expected an object`);
  return v as Obj;
}

function fields(o: Obj, path: string, allowed: string[]): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new Error(`${path}: unknown field "${k}" (allowed: ${allowed.join(', ')})`);
  }
}

function str(o: Obj, k: string, path: string): string {
  if (typeof o[k] !== 'string') throw new Error(`${path}.${k}: expected a string`);
  return o[k] as string;
}

function nat(o: Obj, k: string, path: string): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new Error(`${path}.${k}: expected a non-negative integer`);
  return v;
}

function opt<T>(o: Obj, k: string, get: () => T, out: Obj): void {
  if (o[k] !== undefined) out[k] = get();
}

function bool(o: Obj, k: string, path: string): boolean {
  if (typeof o[k] !== 'boolean') throw new Error(`${path}.${k}: expected true or false`);
  return o[k] as boolean;
}

const RESULTS: CompareResult[] = ['=', '!=', '<', '>'];
const TARGETS = ['value', 'version', 'create', 'mod', 'lease'];

function checkCompare(v: unknown, path: string): Compare {
  const o = asObject(v, path);
  fields(o, path, ['key', 'target', 'result', 'value']);
  const key = str(o, 'key', path);
  const target = o.target as string;
  if (!TARGETS.includes(target)) throw new Error(`${path}.target: expected one of ${TARGETS.join(', ')}`);
  const result = o.result as CompareResult;
  if (!RESULTS.includes(result)) throw new Error(`${path}.result: expected one of ${RESULTS.join(' ')}`);
  if (target === 'value') return { key, target, result, value: str(o, 'value', path) };
  return { key, target: target as 'version', result, value: nat(o, 'value', path) };
}

/** Validate a request object; `top` allows every request type, otherwise only txn ops. */
export function checkRequest(v: unknown, path: string, top = true): KvRequest {
  const o = asObject(v, path);
  const type = o.type;
  const out: Obj = { type };
  switch (type) {
    case 'put':
      fields(o, path, ['type', 'key', 'value', 'lease', 'prevKv']);
      out.key = str(o, 'key', path);
      out.value = str(o, 'value', path);
      opt(o, 'lease', () => nat(o, 'lease', path), out);
      opt(o, 'prevKv', () => bool(o, 'prevKv', path), out);
      return out as unknown as KvRequest;
    case 'range':
    case 'delete': {
      const flags = type === 'range' ? ['revision', 'limit', 'countOnly', 'serializable'] : ['prevKv'];
      fields(o, path, ['type', 'key', 'rangeEnd', 'prefix', ...flags]);
      out.key = str(o, 'key', path);
      opt(o, 'rangeEnd', () => str(o, 'rangeEnd', path), out);
      opt(o, 'prefix', () => bool(o, 'prefix', path), out);
      for (const f of flags) {
        opt(o, f, () => (f === 'revision' || f === 'limit' ? nat(o, f, path) : bool(o, f, path)), out);
      }
      return out as unknown as KvRequest;
    }
    case 'txn': {
      if (!top) throw new Error(`${path}: nested txns are not supported`);
      fields(o, path, ['type', 'compare', 'success', 'failure']);
      const list = (k: string): unknown[] => {
        if (!Array.isArray(o[k])) throw new Error(`${path}.${k}: expected an array`);
        return o[k] as unknown[];
      };
      out.compare = list('compare').map((c, i) => checkCompare(c, `${path}.compare[${i}]`));
      out.success = list('success').map((op, i) => checkRequest(op, `${path}.success[${i}]`, false) as Op);
      out.failure = list('failure').map((op, i) => checkRequest(op, `${path}.failure[${i}]`, false) as Op);
      return out as unknown as KvRequest;
    }
  }
  if (!top) throw new Error(`${path}.type: expected put, range or delete inside a txn, got ${JSON.stringify(type)}`);
  const numeric: Record<string, string[]> = {
    compact: ['revision'],
    'lease-grant': ['id', 'ttlMs'],
    'lease-revoke': ['id'],
    'lease-keepalive': ['id'],
    'lease-expire-check': ['nowMs'],
  };
  const names = typeof type === 'string' && Object.hasOwn(numeric, type) ? numeric[type] : undefined;
  if (!names) throw new Error(`${path}.type: unknown request type ${JSON.stringify(type)}`);
  fields(o, path, ['type', ...names]);
  for (const n of names) out[n] = nat(o, n, path);
  return out as unknown as KvRequest;
}
