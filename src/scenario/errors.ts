/**
 * A scenario that cannot be run: says where (a JSON path such as `$.actions[2].at`) and what
 * was expected there. The CLI prints it and exits 2; the UI shows it in a banner.
 */
export class ScenarioError extends Error {
  constructor(readonly path: string, readonly problem: string) {
    super(`${path}: ${problem}`);
    this.name = 'ScenarioError';
  }
}

/** A short, safe rendering of a bad value for an error message. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
