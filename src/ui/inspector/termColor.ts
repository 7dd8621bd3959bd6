/** One colour per term, so an entry's term reads at a glance (and neighbours differ). */
const TERM_COLORS = ['#5fa8ff', '#f5b942', '#4fd18b', '#e599f7', '#ff8a65', '#3bc9db', '#b197fc', '#a9e34b', '#ff6b9d', '#ffd43b'];

export function termColor(term: number): string {
  if (term <= 0) return 'var(--term-0)';
  return TERM_COLORS[(term - 1) % TERM_COLORS.length];
}
