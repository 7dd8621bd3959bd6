/** Run-level commands shared by the top bar, the keyboard and the console. */
import { parseScenario } from '../../scenario/parse';
import { PRESETS } from '../app/presets';
import { errorText, loadScenario, session } from '../app/runtime';
import { encodeRun } from '../share/link';
import { downloadJson, fileName, readFile } from '../share/files';
import { useUi } from '../store/uiStore';

export function loadPreset(id: string): void {
  const p = PRESETS.find((x) => x.id === id);
  if (p && loadScenario(p.json, `Scenario "${p.name}"`)) {
    history.replaceState(null, '', location.pathname + location.search);
    useUi.getState().set({ banner: null, playing: true });
  }
}

/** Puts the run (scenario, actions, current time) into the URL and copies it. */
export function shareRun(): string {
  const s = session();
  const url = `${location.origin}${location.pathname}${location.search}${encodeRun(s.engine.shareable(), s.now)}`;
  history.replaceState(null, '', url);
  navigator.clipboard?.writeText(url).catch(() => undefined);
  useUi.getState().set({ banner: { kind: 'info', text: 'Link copied: it replays this exact run, up to this moment.' } });
  return url;
}

export function exportScenario(): void {
  const s = session();
  downloadJson(fileName(s.engine.scenario.name), s.engine.shareable());
}

export async function importScenarioFile(file: File): Promise<void> {
  const text = await readFile(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
    parseScenario(json);
  } catch (e) {
    useUi.getState().set({ banner: { kind: 'error', text: `${file.name}: ${errorText(e)}. The current run is unchanged.` } });
    return;
  }
  if (loadScenario(json, file.name)) useUi.getState().set({ banner: { kind: 'info', text: `Opened ${file.name}.` }, playing: true });
}
