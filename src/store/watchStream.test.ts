/**
 * A watch is a stream: etcd never skips an event on it. The simulated network can lose one
 * message of the stream, so the client must notice the gap and re-create the watch from the
 * last revision it received in order (found by the swarm sweep: seeds 598, 599, 982).
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse';
import { Simulation } from '../scenario/simulation';
import { Ev } from '../sim/event';
import { SECOND } from '../sim/time';
import type { EtcdClient } from './client';
import type { WatchEvents } from './protocol';

describe('a watch stream that loses a message', () => {
  it('re-creates the watch, so the watcher still sees every revision once, in order', () => {
    const sim = new Simulation(
      parseScenario({
        name: 'watch loss',
        seed: 5,
        duration: '10s',
        topology: { etcd: 3 },
        clients: [
          { id: 'w', workload: 'register', keys: 2, rate: '1/s', watch: true },
          { id: 'c1', workload: 'register', keys: 2, rate: '30/s' },
        ],
      }),
    );
    sim.runUntil(2 * SECOND);
    // Drop the next event message on its way to the watcher, while later ones still flow.
    let dropped = false;
    while (!dropped) {
      const next = sim.world.state.queue
        .items()
        .filter((e) => e.kind === Ev.Deliver && e.name === 'WatchEvents' && (e.data as WatchEvents).seq > 0)
        .sort((a, b) => a.at - b.at)[0];
      if (next) dropped = sim.world.dropInFlight(next.id);
      else sim.world.step();
    }
    const watcher = sim.world.host('w').procs.get('client') as EtcdClient;
    const watchBefore = watcher.watchId;
    sim.runToEnd();
    expect(watcher.watchId, 'the watch was re-created').toBeGreaterThan(watchBefore);
    const watch = sim.checks().watch;
    expect(watch.ok, watch.detail).toBe(true);
    const revisions = watcher.watchEvents.map((e) => e.revision);
    expect(revisions.length).toBeGreaterThan(100);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
  });
});
