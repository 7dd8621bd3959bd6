/**
 * UI state (zustand): what the user is looking at and how fast time runs. The run itself
 * lives in the Session; `frame` is bumped whenever it moves, so views re-read it.
 */
import { create } from 'zustand';

export type Theme = 'dark' | 'light';
export type BottomPanel = 'logs' | 'spacetime' | 'charts' | 'checks' | 'console';
export type Banner = { kind: 'error' | 'info'; text: string } | null;

export interface UiState {
  playing: boolean;
  /** Virtual seconds per wall second (1/1000 … 1000). */
  speed: number;
  /** True when the engine could not keep up with `speed` last frame. */
  lagging: boolean;
  /** Bumped every time the run moves (per animation frame, step, seek or action). */
  frame: number;
  /** Bumped at most ~8 times a second: for panels too heavy to redraw every frame. */
  slowFrame: number;
  theme: Theme;
  present: boolean;
  embed: boolean;
  selectedNode: string | null;
  selectedMsg: number | null;
  /** Nodes picked with shift-click, for partition or cut. */
  group: string[];
  panel: BottomPanel;
  banner: Banner;
  help: boolean;
  about: boolean;
  hoverNode: string | null;
  /** A span (µs) the space-time diagram should zoom to once, e.g. a violation's window. */
  spaceTimeFocus: { from: number; to: number } | null;
  set: (patch: Partial<Omit<UiState, 'set' | 'bump'>>) => void;
  bump: (slow?: boolean) => void;
}

export const useUi = create<UiState>((set) => ({
  playing: true,
  speed: 0.1,
  lagging: false,
  frame: 0,
  slowFrame: 0,
  theme: 'dark',
  present: false,
  embed: false,
  selectedNode: null,
  selectedMsg: null,
  group: [],
  panel: 'logs',
  banner: null,
  help: false,
  about: false,
  hoverNode: null,
  spaceTimeFocus: null,
  set: (patch) => set(patch),
  bump: (slow = true) => set((s) => ({ frame: s.frame + 1, slowFrame: slow ? s.slowFrame + 1 : s.slowFrame })),
}));

export const MIN_SPEED = 1 / 1000;
export const MAX_SPEED = 1000;
