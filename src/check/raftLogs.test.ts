import { describe, expect, it } from 'vitest';
import { checkLogMatching } from './raftLogs';
import type { LogEntryView } from './raftSafety';

const log = (...ts: [number, number, string][]): LogEntryView[] => ts.map(([index, term, command]) => ({ index, term, command }));
const run = (nodes: { node: string; entries: LogEntryView[] }[]): string[] => {
  const out: string[] = [];
  checkLogMatching(nodes, (rule, message) => out.push(`${rule}: ${message}`));
  return out;
};

describe('checkLogMatching: index groups in an array, or a map outside its range', () => {
  it('finds a different command at one (index, term), in range and out of it', () => {
    const a = log([5, 1, 'x'], [6, 1, 'y'], [7, 2, 'z']);
    expect(run([{ node: 'n1', entries: a }, { node: 'n2', entries: log([5, 1, 'x'], [6, 1, 'Y'], [7, 2, 'z']) }])).toEqual([
      'log-matching: n1 and n2 hold different commands at index 6 term 1: "y" vs "Y"',
    ]);
    // n2's and n3's logs are out of order: index 3 lies below every log's first index (the map holds it).
    const b = log([5, 1, 'x'], [3, 1, 'p']);
    const c = log([4, 1, 'r'], [3, 1, 'q']);
    expect(run([{ node: 'n1', entries: a }, { node: 'n2', entries: b }, { node: 'n3', entries: c }])).toEqual([
      'log-matching: n2 and n3 hold different commands at index 3 term 1: "p" vs "q"',
    ]);
  });

  it('keeps several terms at one index apart, and compares the term before', () => {
    const n1 = log([1, 1, 'a'], [2, 1, 'b'], [3, 2, 'c']);
    const n2 = log([1, 1, 'a'], [2, 3, 'B'], [3, 2, 'c']); // index 2 in term 3: a second group
    expect(run([{ node: 'n1', entries: n1 }, { node: 'n2', entries: n2 }])).toEqual([
      'log-matching: n1 and n2 agree at index 3 term 2 but differ before it (term 1 vs 3 at index 2)',
    ]);
  });
});
