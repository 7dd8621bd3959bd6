/** Number formats for the controls: virtual clock and speed factor. */

export function formatClock(us: number): string {
  const s = us / 1e6;
  if (s < 60) return `${s.toFixed(4)} s`;
  const m = Math.floor(s / 60);
  return `${m}:${(s - m * 60).toFixed(3).padStart(6, '0')}`;
}

export function formatSpeed(speed: number): string {
  if (speed >= 1) return `${speed >= 10 ? Math.round(speed) : Math.round(speed * 10) / 10}×`;
  const inv = 1 / speed;
  return `1/${inv >= 10 ? Math.round(inv) : Math.round(inv * 10) / 10}×`;
}

export function formatMs(us: number): string {
  if (us >= 1e6) return `${(us / 1e6).toFixed(2)}s`;
  return `${Math.round(us / 100) / 10}ms`;
}
