/**
 * The explorer's frame: top bar, topology with its perturbation toolbar, inspector, the
 * tabbed bottom panel and the timeline. Presentation and embed modes drop the chrome.
 */
import { useEffect } from 'react';
import { TopBar } from '../controls/TopBar';
import { PerturbBar } from '../controls/PerturbBar';
import { Inspector } from '../inspector/Inspector';
import { Topology } from '../topology/Topology';
import { Timeline } from '../timeline/Timeline';
import { useUi } from '../store/uiStore';
import { act, session, watchChecks } from './runtime';
import { Banner } from './Banner';
import { BottomPanel } from './BottomPanel';
import { AboutBox, HelpOverlay } from './Overlays';
import { onKey } from './shortcuts';
import { startLoop } from '../engine/loop';

export function App() {
  const theme = useUi((s) => s.theme);
  const present = useUi((s) => s.present);
  const embed = useUi((s) => s.embed);

  useEffect(() => startLoop(session, watchChecks), []);
  useEffect(() => {
    const handler = (e: KeyboardEvent) => onKey(e, (a) => act(a));
    window.addEventListener('keydown', handler);
    return () => window.removeEventListener('keydown', handler);
  }, []);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.dataset.present = String(present);
  }, [theme, present]);

  const mode = embed ? 'embed' : present ? 'present' : 'full';
  return (
    <div className={`app mode-${mode}`}>
      {!embed && <TopBar />}
      <Banner />
      <main className="stage">
        <div className="centre">
          <Topology />
          {mode === 'full' && <PerturbBar />}
        </div>
        {mode === 'full' && <Inspector />}
      </main>
      {mode === 'full' && <BottomPanel />}
      <Timeline />
      {embed && <EmbedBar />}
      <HelpOverlay />
      <AboutBox />
    </div>
  );
}

/** In an iframe: just play/pause and a link out to the full explorer. */
function EmbedBar() {
  const playing = useUi((s) => s.playing);
  return (
    <div className="embed-bar">
      <button className="btn icon primary" aria-label={playing ? 'Pause' : 'Play'} onClick={() => useUi.getState().set({ playing: !playing })}>{playing ? '❚❚' : '▶'}</button>
      <a className="btn" href={location.href.replace(/[?&]embed\b/, '')} target="_blank" rel="noreferrer">Open in Clusterscope</a>
    </div>
  );
}
