/**
 * Exported files and share links carry the parsed timeline back as JSON: every kind of action
 * must read back exactly as it was (durations are µs inside, "…us" strings outside).
 */
import { describe, expect, it } from 'vitest';
import { EVERY_ACTION } from '../../scenario/actionExamples';
import { parseScenario } from '../../scenario/parse';
import { scenarioJson } from './serialize';

const raw = { name: 'round trip', topology: { etcd: 3 }, clients: [{ id: 'c1' }], actions: EVERY_ACTION };

describe('the timeline written back to JSON', () => {
  it('reads back to the same actions, for every kind', () => {
    const first = parseScenario(raw);
    const again = parseScenario(scenarioJson(raw, first.actions));
    expect(again.actions).toEqual(first.actions);
    expect(again.actions.find((a) => a.do === 'lease-grant')).toMatchObject({ ttl: 5_000_000 });
  });
});
