/**
 * "Show" on a violation: stop the run at the moment it happened and open the view that
 * draws it: the log grid for a broken log rule, the space-time diagram (zoomed to the span)
 * for a history window or an election.
 */
import type { BottomPanel } from '../store/uiStore';
import { useUi } from '../store/uiStore';
import { seekTo, session } from '../app/runtime';
import type { Micros } from '../../sim/time';

/** Seek a little past the moment, so the event that broke the rule has happened on screen. */
const AFTER: Micros = 20_000;
/** Space-time context shown before a single moment. */
const BEFORE: Micros = 120_000;

export function showViolation(view: Extract<BottomPanel, 'logs' | 'spacetime'>, from: Micros, to: Micros = from): void {
  const s = session();
  useUi.getState().set({ playing: false });
  seekTo(Math.min(s.horizon, to + AFTER));
  const span = to > from ? { from: from - (to - from) * 0.15, to: to + (to - from) * 0.15 } : { from: from - BEFORE, to: to + AFTER };
  useUi.getState().set({ panel: view, spaceTimeFocus: view === 'spacetime' ? span : null });
}
