/** Keyboard shortcuts (also listed in the `?` overlay). Ignored while typing in a field. */
import { seekTo, session, stepOnce, undoFork } from './runtime';
import { MAX_SPEED, MIN_SPEED, useUi } from '../store/uiStore';

export const SHORTCUTS: [string, string][] = [
  ['space', 'play / pause'],
  ['.', 'step to the next event'],
  ['[  ]', 'slower / faster'],
  ['←  →', 'back / forward half a second (shift: 5 s)'],
  ['p', 'presentation mode'],
  ['t', 'dark / light theme'],
  ['1 … 5', 'logs, space-time, charts, checks, console'],
  ['c', 'crash or restart the selected member'],
  ['h', 'heal the network'],
  ['u', 'undo the last fork'],
  ['/', 'focus the console'],
  ['esc', 'clear the selection, close overlays'],
  ['?', 'this list'],
];

const PANELS = ['logs', 'spacetime', 'charts', 'checks', 'console'] as const;

export function onKey(e: KeyboardEvent, act: (a: { do: 'crash' | 'restart'; node: string } | { do: 'heal' }) => void): void {
  const target = e.target as HTMLElement;
  if (target.closest('input, textarea, select, [contenteditable]')) {
    if (e.key === 'Escape') target.blur();
    return;
  }
  if (e.metaKey || e.ctrlKey || e.altKey) return;
  const ui = useUi.getState();
  const s = session();
  switch (e.key) {
    case ' ': ui.set({ playing: !ui.playing }); break;
    case '.': stepOnce(); break;
    case '[': ui.set({ speed: Math.max(MIN_SPEED, ui.speed / 2) }); break;
    case ']': ui.set({ speed: Math.min(MAX_SPEED, ui.speed * 2) }); break;
    case 'ArrowLeft': seekTo(Math.max(0, s.now - (e.shiftKey ? 5e6 : 5e5))); break;
    case 'ArrowRight': seekTo(Math.min(s.horizon, s.now + (e.shiftKey ? 5e6 : 5e5))); break;
    case 'p': ui.set({ present: !ui.present }); break;
    case 't': ui.set({ theme: ui.theme === 'dark' ? 'light' : 'dark' }); break;
    case 'h': act({ do: 'heal' }); break;
    case 'u': undoFork(); break;
    case 'c': {
      const id = ui.selectedNode;
      const node = id ? s.state().nodes.find((n) => n.id === id) : undefined;
      if (node) act({ do: node.up ? 'crash' : 'restart', node: node.id });
      break;
    }
    case '/': {
      ui.set({ panel: 'console' });
      setTimeout(() => document.querySelector<HTMLInputElement>('#console-input')?.focus(), 0);
      break;
    }
    case '?': ui.set({ help: !ui.help }); break;
    case 'Escape': ui.set({ help: false, about: false, selectedNode: null, selectedMsg: null, group: [] }); break;
    default: {
      const n = Number(e.key);
      if (n >= 1 && n <= PANELS.length) ui.set({ panel: PANELS[n - 1] as never });
      else return;
    }
  }
  e.preventDefault();
}
