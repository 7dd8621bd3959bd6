/**
 * The verdicts the views draw, and what they point at. Every panel reads them from here, so
 * one checker run serves them all: throttled while the run plays (see Session.checks), fresh
 * as soon as it stops.
 */
import type { CheckReport } from '../../scenario/report';
import type { Session } from '../engine/session';
import { useUi } from '../store/uiStore';
import { violationFocus, type ViolationFocus } from './violationFocus';

export function currentVerdicts(s: Session): Record<string, CheckReport> {
  if (s.engine.kind !== 'raft') return {};
  return s.checks(useUi.getState().playing ? undefined : 0);
}

const focusOf = new WeakMap<object, ViolationFocus>();

/** What the current violations point at (computed once per verdict). */
export function currentFocus(s: Session): ViolationFocus {
  const checks = currentVerdicts(s);
  let f = focusOf.get(checks);
  if (!f) {
    // Lease violations are located in the history (and the leaders) the verdict was made from.
    const failed = Object.values(checks).some((c) => !c.ok);
    f = failed ? violationFocus(checks, s.now, { history: s.engine.history(), leaders: s.engine.leaders() }) : violationFocus(checks, s.now);
    focusOf.set(checks, f);
  }
  return f;
}
