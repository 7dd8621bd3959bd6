/**
 * `window.__clusterscope`: a small handle for Playwright tests and the UI bench.
 *
 *   sim            the live engine (the etcd Simulation's adapter; `.world` is the kernel World)
 *   session        the Session (recorder, checkpoints, horizon, forks)
 *   runUntilMs(ms) pause the loop and run the engine to virtual time `ms`
 *   nowMs()        virtual time in ms
 *   traceHash()    the run's trace hash so far
 *   state()        the STATE report (DESIGN.md): leader, nodes with role, term, log, kv
 *   seekMs(ms)     rewind / replay to `ms` (checkpoints + deterministic replay)
 *   perform(a)     record and apply a scenario action now (returns an error text or null)
 *   shareUrl()     the share link for the run as it stands
 *   shareable()    the scenario JSON with the user's actions (what Export saves)
 */
import { act, changed, seekTo, session } from './runtime';
import { useUi } from '../store/uiStore';
import { encodeRun } from '../share/link';
import type { UserAction } from '../engine/types';

export function exposeForTests(): void {
  const api = {
    get sim() { return session().engine; },
    get session() { return session(); },
    runUntilMs(ms: number) {
      useUi.getState().set({ playing: false });
      session().advance(Math.round(ms * 1000));
      changed();
      return session().now / 1000;
    },
    nowMs: () => session().now / 1000,
    traceHash: () => session().engine.traceHash(),
    state: () => session().state(),
    seekMs(ms: number) { seekTo(Math.round(ms * 1000)); return session().now / 1000; },
    perform: (a: UserAction) => act(a, true),
    shareUrl: () => `${location.origin}${location.pathname}${encodeRun(session().engine.shareable(), session().now)}`,
    shareable: () => session().engine.shareable(),
  };
  (window as unknown as { __clusterscope: typeof api }).__clusterscope = api;
}
