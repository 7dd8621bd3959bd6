/** The message colour key, bottom-left of the topology. */
import { FAMILIES, familyColor } from './messageKinds';

export function Legend() {
  return (
    <ul className="legend" aria-label="Message types">
      {FAMILIES.map(({ family, label }) => (
        <li key={family}>
          <span className="swatch" style={{ background: familyColor(family) }} />
          {label}
        </li>
      ))}
      <li><span className="swatch reply" />reply</li>
      <li><span className="swatch rejected" />rejected</li>
    </ul>
  );
}
