/** The human summary `npm run sim` prints without --json. */
import type { Report } from '../scenario/report';

export function summarize(r: Report, wallMs: number, until: string): string {
  const speed = r.simulatedMs / Math.max(wallMs, 0.001);
  const c = r.counters;
  const lines = [
    `${r.scenario} (seed ${r.seed}${r.bugs.length ? `, bugs: ${r.bugs.join(', ')}` : ''})`,
    `  simulated   ${until} in ${wallMs.toFixed(0)} ms wall: ${speed.toFixed(0)}× real time`,
    `  events      ${r.events.toLocaleString('en-US')}`,
    `  messages    ${c.messagesSent.toLocaleString('en-US')} sent, ${c.messagesDelivered.toLocaleString('en-US')} delivered, ${c.messagesDropped.toLocaleString('en-US')} dropped`,
    `  raft        ${r.leaders.length} leaders elected, ${c.elections} elections, ${c.snapshotsSent} snapshots sent; leader now ${r.final.leader ?? 'none'}`,
    `  clients     ${r.history.length} operations (${r.history.filter((h) => h.completeMs === null).length} with unknown outcome)`,
    `  trace hash  ${r.traceHash}`,
    '  checks',
    ...Object.entries(r.checks).map(([name, c]) => `    ${c.ok ? 'ok  ' : 'FAIL'} ${name}: ${c.detail ?? ''}`),
  ];
  return lines.join('\n');
}
