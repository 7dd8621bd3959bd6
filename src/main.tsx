/**
 * Entry point: reads the URL (a `#run=` share link, `?embed`, `?present`, `?theme=light`),
 * loads the run, and mounts the explorer.
 */
import { createRoot } from 'react-dom/client';
import { App } from './ui/app/App';
import { boot } from './ui/app/boot';
import './ui/theme.css';
import './ui/app.css';

boot();
createRoot(document.getElementById('root')!).render(<App />);
