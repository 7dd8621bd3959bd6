/** A compact two-column list of labelled values. */
import type { ReactNode } from 'react';

export function Facts({ rows, label }: { rows: [string, ReactNode][]; label?: string }) {
  return (
    <dl className="facts" aria-label={label}>
      {rows.map(([k, v]) => (
        <div key={k} className="fact">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Section({ title, children, aside }: { title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section className="insp-section" aria-label={title}>
      <h3>{title}{aside && <span className="aside">{aside}</span>}</h3>
      {children}
    </section>
  );
}
