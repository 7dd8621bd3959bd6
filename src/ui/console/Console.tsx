/**
 * The console: type the same actions the buttons make (`crash n2`, `partition n1 n2 | *`),
 * and etcdctl's key-value and lease commands (`put lock me --lease=1`, `lease grant 5s`).
 * ↑/↓ walk the history, Tab completes, errors appear inline under the command.
 */
import { useEffect, useRef, useState } from 'react';
import { act, seekTo, session, undoFork } from '../app/runtime';
import { useUi } from '../store/uiStore';
import { COMMANDS, CommandError, complete, parseCommand } from './commands';
import { errorText } from '../app/runtime';
import { formatClock } from '../controls/format';
import type { UserAction } from '../engine/types';
import { BUILTIN_CLIENT } from '../../scenario/clientIds';

/** A grant without --id takes the client's next id: say which, as etcdctl prints it. */
function grantedId(action: UserAction): string {
  if (action.do !== 'lease-grant') return '';
  const nowMs = session().now / 1000;
  const op = session().engine.history().findLast((o) => o.op === 'lease-grant' && o.invokeMs === nowMs && o.client === (action.client ?? BUILTIN_CLIENT));
  return op?.lease !== undefined ? ` (lease ${op.lease}, TTL ${op.ttlMs}ms)` : '';
}

interface Line {
  kind: 'in' | 'ok' | 'err' | 'info';
  text: string;
}

// Kept across tab switches (module state; the console is one per page).
const lines: Line[] = [{ kind: 'info', text: 'Type a command (e.g. "put x 1", "crash n2", "partition n1 n2 | *") or "help".' }];
const past: string[] = [];

export function Console() {
  const [text, setText] = useState('');
  const [, redraw] = useState(0);
  const [hint, setHint] = useState('');
  const cursor = useRef(past.length);
  const logRef = useRef<HTMLDivElement>(null);
  useEffect(() => { logRef.current?.scrollTo(0, logRef.current.scrollHeight); });

  const nodes = () => session().engine.world.hosts.map((h) => h.id);
  /** Lease ids some running member holds, for completion. */
  const leases = () => {
    const e = session().engine;
    const ids = new Set<number>();
    for (const h of e.world.hosts) for (const l of e.leases(h.id) ?? []) ids.add(l.id);
    return [...ids].sort((a, b) => a - b);
  };
  const say = (l: Line) => { lines.push(l); if (lines.length > 300) lines.splice(0, 100); };

  const run = (line: string) => {
    if (!line.trim()) return;
    past.push(line);
    cursor.current = past.length;
    say({ kind: 'in', text: `${formatClock(session().now)}  › ${line}` });
    try {
      const c = parseCommand(line, nodes());
      if (c.kind === 'action') {
        const err = act(c.action, true);
        say(err ? { kind: 'err', text: err } : { kind: 'ok', text: `recorded: ${c.action.do} at ${formatClock(session().now)}${grantedId(c.action)}` });
      } else if (c.kind === 'speed') {
        useUi.getState().set({ speed: c.speed });
        say({ kind: 'ok', text: `speed ${c.speed}` });
      } else if (c.kind === 'seek') {
        seekTo(Math.min(c.us, session().horizon));
        say({ kind: 'ok', text: `at ${formatClock(session().now)}` });
      } else if (c.run === 'help') {
        for (const s of Object.values(COMMANDS)) say({ kind: 'info', text: `${s.usage.padEnd(40)} ${s.help}` });
      } else if (c.run === 'clear') {
        lines.length = 0;
      } else if (c.run === 'undo') {
        undoFork();
        say({ kind: 'ok', text: 'undone' });
      } else {
        useUi.getState().set({ playing: c.run === 'play' });
      }
    } catch (e) {
      say({ kind: 'err', text: e instanceof CommandError ? e.message : errorText(e) });
    }
    redraw((n) => n + 1);
  };

  return (
    <div className="console">
      <div className="console-log mono" ref={logRef} role="log" aria-label="Console output" aria-live="polite">
        {lines.map((l, i) => <div key={i} className={`cl ${l.kind}`}>{l.text}</div>)}
      </div>
      <form className="console-form" onSubmit={(e) => { e.preventDefault(); run(text); setText(''); setHint(''); }}>
        <span className="prompt mono" aria-hidden>›</span>
        <input
          id="console-input"
          className="mono"
          value={text}
          autoComplete="off"
          spellCheck={false}
          aria-label="Console command"
          placeholder="put x 1 · crash n2 · partition n1 n2 | * · lease grant 5s · help"
          onChange={(e) => { setText(e.target.value); setHint(''); }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowUp' && past.length) { e.preventDefault(); cursor.current = Math.max(0, cursor.current - 1); setText(past[cursor.current] ?? ''); }
            if (e.key === 'ArrowDown' && past.length) { e.preventDefault(); cursor.current = Math.min(past.length, cursor.current + 1); setText(past[cursor.current] ?? ''); }
            if (e.key === 'Tab') {
              e.preventDefault();
              const options = complete(text, nodes(), leases());
              // A flag's "=" waits for its value: no space after it.
              if (options.length === 1) setText(text.replace(/\S*$/, options[0]) + (options[0].endsWith('=') ? '' : ' '));
              else setHint(options.join('  '));
            }
          }}
        />
        {hint && <span className="hint mono">{hint}</span>}
      </form>
    </div>
  );
}
