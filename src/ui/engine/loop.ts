/**
 * The animation loop: each frame, virtual time advances by wall time × speed, and the engine
 * runs to it in slices within a per-frame budget. When the budget runs out, the run falls
 * behind (effective speed drops and `lagging` shows it) rather than dropping frames.
 * This is the only place wall-clock time is read, and it never reaches the simulation.
 */
import { useUi } from '../store/uiStore';
import type { Session } from './session';

/** Milliseconds of engine work allowed per frame. */
export const FRAME_BUDGET_MS = 8;
const SLOW_FRAME_MS = 120;
/** Longest wall gap one frame may cover (a background tab must not leap minutes ahead). */
const MAX_FRAME_GAP_MS = 100;

export function startLoop(getSession: () => Session, onSlowFrame?: () => void): () => void {
  let last = performance.now();
  let lastSlow = last;
  let carry = 0;
  let handle = 0;
  let wasPlaying = false;
  const frame = (wall: number) => {
    handle = requestAnimationFrame(frame);
    const dt = Math.min(wall - last, MAX_FRAME_GAP_MS);
    last = wall;
    const ui = useUi.getState();
    if (!ui.playing) {
      // One last refresh when the run stops: views cached on slow frames (the inspector's
      // state, verdicts) would otherwise keep showing the run as it was up to 120 ms earlier.
      if (wasPlaying) {
        wasPlaying = false;
        getSession().invalidate();
        ui.bump(true);
      }
      return;
    }
    wasPlaying = true;
    const session = getSession();
    const want = dt * 1000 * ui.speed + carry;
    const whole = Math.floor(want);
    carry = want - whole;
    const target = session.now + whole;
    const started = performance.now();
    // Slices: small enough that one slice rarely overshoots the budget on its own.
    const slice = Math.max(1, Math.ceil(whole / 8));
    let lagging = false;
    while (session.now < target) {
      try {
        session.advance(Math.min(target, session.now + slice));
      } catch (e) {
        // A failing action or engine error stops the run where it is, with the reason shown.
        ui.set({ playing: false, banner: { kind: 'error', text: `The run stopped: ${(e as Error).message}` } });
        break;
      }
      if (performance.now() - started > FRAME_BUDGET_MS && session.now < target) {
        lagging = true;
        carry = 0;
        break;
      }
    }
    const slow = wall - lastSlow > SLOW_FRAME_MS;
    if (slow) {
      lastSlow = wall;
      session.invalidate();
      onSlowFrame?.();
    }
    if (lagging !== ui.lagging) ui.set({ lagging });
    ui.bump(slow);
  };
  handle = requestAnimationFrame(frame);
  return () => cancelAnimationFrame(handle);
}
