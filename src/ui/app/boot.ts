/**
 * Start-up: the URL decides the run and the mode. A bad share link gets a banner naming the
 * problem and the default scenario loads instead. Also installs `window.__clusterscope`.
 */
import { DEFAULT_SCENARIO_JSON } from '../engine/createEngine';
import { decodeRun } from '../share/link';
import { useUi } from '../store/uiStore';
import { loadScenario, seekTo } from './runtime';
import { exposeForTests } from './testHooks';

export function boot(): void {
  const params = new URLSearchParams(location.search);
  const ui = useUi.getState();
  ui.set({
    embed: params.has('embed'),
    present: params.has('present'),
    theme: params.get('theme') === 'light' ? 'light' : params.get('theme') === 'dark' ? 'dark' : matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark',
    ...(params.has('speed') && Number(params.get('speed')) > 0 ? { speed: Number(params.get('speed')) } : {}),
    ...(params.has('paused') ? { playing: false } : {}),
  });
  let run = null;
  try {
    run = decodeRun(location.hash);
  } catch (e) {
    ui.set({ banner: { kind: 'error', text: `This link could not be opened: ${(e as Error).message}. The default scenario is loaded instead.` } });
  }
  if (run && loadScenario(run.json, 'This link could not be opened')) {
    if (run.atUs !== null) {
      seekTo(run.atUs);
      ui.set({ playing: false });
    }
  } else {
    loadScenario(DEFAULT_SCENARIO_JSON, 'The default scenario');
  }
  exposeForTests();
}
