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
    `  raft        ${count(r.leaders.length, 'leader')} elected, ${count(c.elections, 'election')}, ${count(c.snapshotsSent, 'snapshot')} sent; leader now ${r.final.leader ?? 'none'}`,
    `  clients     ${count(r.history.length, 'operation')} (${r.history.filter((h) => h.completeMs === null).length} with unknown outcome)`,
    `  trace hash  ${r.traceHash}`,
    '  checks',
    ...Object.entries(r.checks).map(([name, c]) => `    ${c.ok ? 'ok  ' : 'FAIL'} ${name}: ${c.detail ?? ''}`),
  ];
  return lines.join('\n');
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
