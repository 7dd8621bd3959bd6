/**
 * Host faults: crash (power loss), restart, pause and clock skew, driven with a recorder
 * process whose every callback is reported through `emit` (which survives the process).
 */
import { describe, expect, it } from 'vitest';
import { registerProcessKind, type Process, type ProcessContext, type SimMessage } from './process';
import { SECOND } from './time';
import { World } from './world';

const KIND = 'host-test-recorder';

interface Seen {
  node: string;
  /** True time. */
  at: number;
  ev: string;
  /** The host's clock. */
  local: number;
  name?: string;
  n?: number;
  from?: string;
  disk?: Record<string, unknown>;
  volatile?: number;
}

interface RecConfig {
  /** Timers (local delays) to set at every start. */
  timers?: [number, string][];
}

class Recorder implements Process {
  readonly kind = KIND;
  /** Volatile state: rebuilt from nothing on every start. */
  volatile = 0;
  constructor(private readonly config: RecConfig) {}
  start(ctx: ProcessContext): void {
    const disk: Record<string, unknown> = {};
    for (const k of ctx.disk.keys()) disk[k] = ctx.disk.read(k);
    ctx.emit('start', { local: ctx.now(), disk, volatile: this.volatile });
    for (const [d, name] of this.config.timers ?? []) ctx.setTimer(d, name);
  }
  onMessage(ctx: ProcessContext, from: string, msg: SimMessage): void {
    this.volatile++;
    ctx.emit('msg', { local: ctx.now(), from, n: (msg as SimMessage & { n: number }).n, volatile: this.volatile });
  }
  onTimer(ctx: ProcessContext, name: string): void {
    this.volatile++;
    ctx.emit('timer', { local: ctx.now(), name, volatile: this.volatile });
  }
}
registerProcessKind(KIND, (c) => new Recorder((c ?? {}) as RecConfig));

function harness(n = 2, config: RecConfig = {}, fsyncLatency = 1000) {
  const ids = Array.from({ length: n }, (_, i) => `n${i + 1}`);
  const w = new World({ seed: 1, hosts: ids.map((id) => ({ id, procs: [{ name: 'rec', kind: KIND, config }] })), traceCapacity: 0, fsyncLatency });
  const log: Seen[] = [];
  w.onEmit = (world, node, _p, ev, data) => log.push({ node, at: world.now, ev, ...(data as { local: number }) });
  w.boot();
  w.runUntil(0);
  const ctx = (id: string) => w.context(w.host(id).index, 'rec');
  const send = (from: string, to: string, n: number) => ctx(from).send(to, { type: 'm', n } as SimMessage);
  const of = (node: string, ev?: string) => log.filter((e) => e.node === node && (ev === undefined || e.ev === ev));
  const proc = (id: string) => w.host(id).procs.get('rec') as Recorder | undefined;
  return { w, log, ctx, send, of, proc };
}

describe('crash and restart', () => {
  it('crash drops volatile state; restart re-runs start() on a fresh process', () => {
    const h = harness();
    h.send('n2', 'n1', 1);
    h.send('n2', 'n1', 2);
    h.w.runUntil(1000);
    expect(h.proc('n1')!.volatile).toBe(2);
    h.w.crash('n1');
    expect(h.w.host('n1').up).toBe(false);
    expect(h.proc('n1')).toBeUndefined();
    h.w.runUntil(2000);
    h.w.restart('n1');
    expect(h.w.host('n1').up).toBe(true);
    expect(h.proc('n1')!.volatile).toBe(0);
    expect(h.of('n1', 'start').map((e) => [e.at, e.volatile])).toEqual([
      [0, 0],
      [2000, 0],
    ]);
    // Crash and restart of a host already in that state do nothing.
    h.w.restart('n1');
    expect(h.of('n1', 'start').length).toBe(2);
    h.w.crash('n1');
    h.w.crash('n1');
    expect(h.w.host('n1').incarnation).toBe(2);
  });

  it('timers set before a crash never fire, even after a restart', () => {
    const h = harness(2, { timers: [[5000, 'boot-timer']] });
    h.ctx('n1').setTimer(3000, 'extra');
    h.w.runUntil(1000);
    h.w.crash('n1');
    h.w.runUntil(1500);
    h.w.restart('n1'); // sets a fresh boot-timer for 1500 + 5000
    h.w.runUntil(20_000);
    expect(h.of('n1', 'timer').map((e) => [e.at, e.name])).toEqual([[6500, 'boot-timer']]);
    // n2 was untouched: its timer fired on time.
    expect(h.of('n2', 'timer').map((e) => [e.at, e.name])).toEqual([[5000, 'boot-timer']]);
  });

  it('messages arriving while a host is down are dropped; a restarted host receives again', () => {
    const h = harness();
    h.w.crash('n1');
    h.send('n2', 'n1', 1);
    h.w.runUntil(1000);
    expect(h.of('n1', 'msg')).toEqual([]);
    expect(h.w.state.counters.messagesDropped).toBe(1);
    h.w.restart('n1');
    h.send('n2', 'n1', 2);
    h.w.runUntil(2000);
    expect(h.of('n1', 'msg').map((e) => [e.at, e.n])).toEqual([[1500, 2]]);
  });

  it('a crash keeps synced writes and loses unsynced ones', () => {
    const h = harness(1);
    const ctx = h.ctx('n1');
    ctx.disk.write('a', 1);
    ctx.fsync('synced');
    h.w.runUntil(1000); // the fsync (1ms) completes
    expect(h.of('n1', 'timer').map((e) => [e.at, e.name])).toEqual([[1000, 'synced']]);
    ctx.disk.write('b', 2);
    ctx.disk.write('a', 3);
    expect(ctx.disk.read('a')).toBe(3);
    h.w.crash('n1');
    h.w.restart('n1');
    expect(h.of('n1', 'start').at(-1)!.disk).toEqual({ a: 1 });
    expect(h.w.host('n1').disk.lostOnCrash).toBe(2);
  });

  it('an fsync in flight at the crash does not make its writes durable', () => {
    const h = harness(1, {}, 5000);
    const ctx = h.ctx('n1');
    ctx.disk.write('a', 1);
    ctx.fsync('synced');
    h.w.runUntil(4999);
    h.w.crash('n1');
    h.w.runUntil(20_000); // the fsync's completion time passes while down
    h.w.restart('n1');
    h.w.runUntil(40_000);
    expect(h.of('n1', 'start').at(-1)!.disk).toEqual({});
    expect(h.of('n1', 'timer')).toEqual([]);
    expect(h.w.host('n1').disk.fsyncs).toBe(0);
  });

  it('an fsync covers only the writes issued before it', () => {
    const h = harness(1);
    const ctx = h.ctx('n1');
    ctx.disk.write('a', 1);
    ctx.fsync('synced');
    ctx.disk.write('b', 2); // after the fsync began
    h.w.runUntil(1000);
    h.w.crash('n1');
    h.w.restart('n1');
    expect(h.of('n1', 'start').at(-1)!.disk).toEqual({ a: 1 });
  });
});

describe('process exit (a panic)', () => {
  it('takes the host down like a crash: unsynced writes and timers are gone; restart boots anew', () => {
    const h = harness(2, { timers: [[5000, 'tick']] });
    const c = h.ctx('n1');
    c.disk.write('a', 1);
    h.w.runUntil(1000);
    c.exit('invariant violated');
    expect(h.w.host('n1').up).toBe(false);
    h.send('n2', 'n1', 1);
    h.w.runUntil(10_000);
    expect(h.of('n1', 'timer')).toEqual([]);
    expect(h.of('n1', 'msg')).toEqual([]);
    h.w.restart('n1');
    expect(h.of('n1', 'start').at(-1)).toMatchObject({ at: 10_000, disk: {} });
  });
});

describe('pause and resume', () => {
  it('timers and messages that came due while paused run on resume, at the resume time, in their original order', () => {
    const h = harness(2);
    const c1 = h.ctx('n1');
    c1.setTimer(3000, 't3');
    c1.setTimer(1000, 't1');
    h.w.pause('n1');
    h.w.runUntil(500);
    h.send('n2', 'n1', 7); // due at 1000, after t1 in queue order (t1 was scheduled first)
    h.w.runUntil(2500);
    h.send('n2', 'n1', 8); // due at 3000, after t3 (scheduled earlier)
    c1.setTimer(0, 'never-before-resume'); // even a timer set "now" waits
    h.w.runUntil(10_000);
    expect(h.of('n1').filter((e) => e.ev !== 'start')).toEqual([]);
    h.w.resume('n1');
    h.w.runUntil(10_000);
    expect(h.of('n1').filter((e) => e.ev !== 'start').map((e) => [e.at, e.ev, e.name ?? e.n])).toEqual([
      [10_000, 'timer', 't1'],
      [10_000, 'msg', 7],
      [10_000, 'timer', 'never-before-resume'],
      [10_000, 'timer', 't3'],
      [10_000, 'msg', 8],
    ]);
    // After the resume the host runs normally.
    c1.setTimer(1000, 'after');
    h.w.runUntil(20_000);
    expect(h.of('n1', 'timer').at(-1)).toMatchObject({ at: 11_000, name: 'after' });
  });

  it('a paused host does not send or receive until resumed, and what it missed is not lost', () => {
    const h = harness(2);
    h.w.pause('n2');
    for (let i = 0; i < 5; i++) h.send('n1', 'n2', i);
    h.w.runUntil(5000);
    expect(h.w.host('n2').deferred.length).toBe(5);
    expect(h.w.state.counters.messagesDelivered).toBe(0);
    h.w.resume('n2');
    h.w.runUntil(5000);
    expect(h.of('n2', 'msg').map((e) => e.n)).toEqual([0, 1, 2, 3, 4]);
    expect(h.w.state.counters.messagesDelivered).toBe(5);
  });

  it('a crash while paused drops what was deferred; the restarted host starts clean', () => {
    const h = harness(2, { timers: [[2000, 'tick']] });
    h.w.pause('n1');
    h.send('n2', 'n1', 1);
    h.w.runUntil(3000);
    h.w.crash('n1');
    expect(h.w.host('n1').paused).toBe(false);
    expect(h.w.host('n1').deferred).toEqual([]);
    expect(h.w.state.counters.messagesDropped).toBe(1);
    h.w.resume('n1'); // no-op: not paused
    h.w.restart('n1');
    h.w.runUntil(10_000);
    expect(h.of('n1', 'msg')).toEqual([]);
    expect(h.of('n1', 'timer').map((e) => [e.at, e.name])).toEqual([[5000, 'tick']]);
  });
});

describe('clock skew', () => {
  it('at rate 2 timers fire after half the true time and now() runs twice as fast', () => {
    const h = harness(2);
    h.w.runUntil(1000);
    h.w.skew('n1', 2);
    const c = h.ctx('n1');
    expect(c.now()).toBe(1000);
    c.setTimer(10_000, 'ten-local-ms');
    h.ctx('n2').setTimer(10_000, 'ten-local-ms');
    h.w.runUntil(100_000);
    expect(h.of('n1', 'timer')).toMatchObject([{ at: 6000, local: 11_000, name: 'ten-local-ms' }]);
    expect(h.of('n2', 'timer')).toMatchObject([{ at: 11_000, local: 11_000 }]);
    h.w.runUntil(200_000);
    expect(c.now()).toBe(1000 + 2 * 199_000);
  });

  it('at rate 0.5 timers take twice the true time and now() runs at half speed', () => {
    const h = harness(1);
    h.w.skew('n1', 0.5);
    const c = h.ctx('n1');
    c.setTimer(10_000, 't');
    h.w.runUntil(100_000);
    expect(h.of('n1', 'timer')).toMatchObject([{ at: 20_000, local: 10_000 }]);
    expect(c.now()).toBe(50_000);
  });

  it('changing the rate keeps the local clock continuous', () => {
    const h = harness(1);
    const c = h.ctx('n1');
    h.w.skew('n1', 2);
    h.w.runUntil(1 * SECOND); // local 2s
    h.w.skew('n1', 0.5);
    expect(c.now()).toBe(2 * SECOND);
    h.w.runUntil(3 * SECOND); // + 2s true at 0.5 = +1s local
    expect(c.now()).toBe(3 * SECOND);
    h.w.skew('n1', 1);
    h.w.runUntil(4 * SECOND);
    expect(c.now()).toBe(4 * SECOND);
  });

  it('an fsync takes the device time, whatever the clock rate', () => {
    const h = harness(1, {}, 4000);
    h.w.skew('n1', 4);
    h.ctx('n1').fsync('done');
    h.w.runUntil(100_000);
    expect(h.of('n1', 'timer')).toMatchObject([{ at: 4000, local: 16_000, name: 'done' }]);
  });
});

describe('timers', () => {
  it('a cancelled timer never fires; equal-time timers fire in the order they were set', () => {
    const h = harness(1);
    const c = h.ctx('n1');
    c.setTimer(1000, 'a');
    const id = c.setTimer(1000, 'b');
    c.setTimer(1000, 'c');
    c.cancelTimer(id);
    c.cancelTimer(9999); // unknown: ignored
    h.w.runUntil(5000);
    expect(h.of('n1', 'timer').map((e) => [e.at, e.name])).toEqual([
      [1000, 'a'],
      [1000, 'c'],
    ]);
  });

  it('each process has its own random stream, the same for the same seed, host and process', () => {
    const make = () => harness(2);
    const a = make();
    const b = make();
    const draw = (h: ReturnType<typeof harness>, id: string) => [h.ctx(id).rng.u32(), h.ctx(id).rng.u32()];
    expect(draw(a, 'n1')).toEqual(draw(b, 'n1'));
    expect(draw(a, 'n2')).not.toEqual(draw(a, 'n1'));
  });
});
