/**
 * A send: the trace and counters see it, then the network decides its fate (unknown host,
 * partition, loss), its delay (latency, jitter, clogs) and whether the link duplicates it;
 * each copy that survives becomes a delivery event. One event per message: that is fidelity.
 */
import { Ev } from './event';
import { linkKey, sampleLatency, type LinkParams } from './network';
import type { SimMessage } from './process';
import { header } from './trace';
import type { World } from './world';

/** Tag of a send in the trace hash (event kinds are 1..5). */
const SEND_TAG = 0x5e;

export function transmit(world: World, fromHost: number, to: string, msg: SimMessage, toProc: string): void {
  const s = world.state;
  const from = s.hosts[fromHost];
  const toIndex = s.hostIndex.get(to);
  s.counters.messagesSent++;
  const t = s.trace;
  t.mix(header(SEND_TAG, fromHost, toIndex ?? -1));
  const type = s.net.messageType(msg.type);
  const code = type.code;
  t.mix(code);
  const id = s.nextMsgId++;
  const rec = world.recording();
  if (toIndex === undefined) {
    s.counters.messagesDropped++;
    if (rec) world.record({ n: t.total, at: s.now, kind: 'drop', node: from.id, peer: to, type: msg.type, msgId: id, detail: 'unknown host', msg });
    return;
  }
  const net = s.net;
  const lc = net.linkCounter(fromHost, toIndex);
  const tc = type.counters;
  lc.sent++;
  tc.sent++;
  const toHost = s.hosts[toIndex];
  let why = '';
  let p: LinkParams | null = null;
  if (net.hasCuts() && net.blocked(fromHost, toIndex)) why = 'partition';
  else {
    p = net.params(fromHost, toIndex, from.zone, toHost.zone);
    if (p.loss > 0 && s.netRng.chance(p.loss)) why = 'loss';
  }
  if (why !== '' || p === null) {
    s.counters.messagesDropped++;
    lc.dropped++;
    tc.dropped++;
    if (rec) world.record({ n: t.total, at: s.now, kind: 'drop', node: toHost.id, peer: from.id, type: msg.type, msgId: id, detail: why, msg });
    return;
  }
  const copies = p.duplicate > 0 && s.netRng.chance(p.duplicate) ? 2 : 1;
  for (let c = 0; c < copies; c++) {
    let at = s.now + sampleLatency(p.latency, s.netRng) + (p.jitter > 0 ? s.netRng.int(0, p.jitter + 1) : 0);
    const clog = net.clogs.size > 0 ? net.clogs.get(linkKey(fromHost, toIndex)) : undefined;
    if (clog !== undefined && clog > at) at = clog;
    // The arrival time is hashed when the message arrives (World.deliver), not here.
    const e = world.schedule(Ev.Deliver, at, toIndex, msg);
    e.from = fromHost;
    e.proc = toProc;
    e.name = msg.type;
    e.id = id;
    e.sentAt = s.now;
    e.linkCounters = lc;
    e.type = type;
    if (c === 1) {
      // The duplicate is a send on the link too, so per-link counters add up to the run's.
      s.counters.messagesSent++;
      lc.sent++;
      tc.sent++;
    }
    if (rec) world.record({ n: t.total, at: s.now, kind: 'send', node: from.id, peer: toHost.id, type: msg.type, msgId: id, deliverAt: at, msg, detail: c === 1 ? 'duplicate' : undefined });
  }
}
