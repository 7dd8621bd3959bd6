/**
 * The explorer's controller: owns the live Session and turns UI intents (act, seek, step,
 * load) into session calls, reporting failures in the banner instead of throwing.
 */
import { ScenarioError } from '../../scenario/errors';
import { DEFAULT_SCENARIO_JSON } from '../engine/createEngine';
import { Session } from '../engine/session';
import type { UserAction } from '../engine/types';
import { useUi } from '../store/uiStore';
import { relabelClients } from '../verdicts/violationFocus';

let current: Session | null = null;

export function session(): Session {
  if (!current) current = new Session(DEFAULT_SCENARIO_JSON);
  return current;
}

export function errorText(e: unknown): string {
  if (e instanceof ScenarioError) return `${e.path}: ${e.problem}`;
  return e instanceof Error ? e.message : String(e);
}

/** The run moved outside the animation loop: recompute cached views and redraw. */
export function changed(): void {
  current?.invalidate();
  useUi.getState().bump(true);
}

const violated = new Set<string>();

/**
 * Called on slow frames: when a checker newly reports a violation, pause the run there and
 * open the checks panel, so the user sees the offending moment rather than run past it.
 */
export function watchChecks(): void {
  const s = session();
  if (s.engine.kind !== 'raft') return;
  for (const [name, c] of Object.entries(s.checks())) {
    if (c.ok) { violated.delete(name); continue; }
    if (violated.has(name)) continue;
    violated.add(name);
    useUi.getState().set({ playing: false, panel: 'checks', banner: { kind: 'error', text: `Checker "${name}" found a violation: ${relabelClients(c.detail ?? '')}` } });
  }
}

/** Loads a scenario; on bad input keeps the current run and shows why. */
export function loadScenario(json: unknown, source: string): boolean {
  try {
    if (!current) current = new Session(json);
    else current.load(json);
    useUi.getState().set({ selectedNode: null, selectedMsg: null, group: [] });
    changed();
    return true;
  } catch (e) {
    session();
    useUi.getState().set({ banner: { kind: 'error', text: `${source}: ${errorText(e)}. The default scenario is loaded instead.` } });
    changed();
    return false;
  }
}

/** Performs a user action; returns the error text (also shown in the banner) or null. */
export function act(action: UserAction, quiet = false): string | null {
  try {
    session().perform(action);
    changed();
    return null;
  } catch (e) {
    const text = errorText(e);
    if (!quiet) useUi.getState().set({ banner: { kind: 'error', text: `Could not ${action.do}: ${text}` } });
    return text;
  }
}

export function seekTo(us: number): void {
  session().seek(us);
  useUi.getState().set({ selectedMsg: null });
  changed();
}

export function stepOnce(): void {
  useUi.getState().set({ playing: false });
  session().step();
  changed();
}

export function undoFork(): void {
  if (session().undo()) changed();
}
