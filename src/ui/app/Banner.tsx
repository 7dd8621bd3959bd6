/** A dismissable message across the top: errors (bad link, file, command) and notices. */
import { useUi } from '../store/uiStore';

export function Banner() {
  const banner = useUi((s) => s.banner);
  if (!banner) return null;
  return (
    <div className={`banner ${banner.kind}`} role={banner.kind === 'error' ? 'alert' : 'status'}>
      <span>{banner.text}</span>
      <button className="btn icon" aria-label="Dismiss" onClick={() => useUi.getState().set({ banner: null })}>✕</button>
    </div>
  );
}
