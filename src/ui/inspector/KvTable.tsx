/** The store's contents at the member's applied index. */
export function KvTable({ kv, applied }: { kv: Record<string, string>; applied: number }) {
  const keys = Object.keys(kv).sort();
  if (keys.length === 0) return <p className="muted small">empty (applied up to index {applied})</p>;
  return (
    <table className="grid-table kv" aria-label="Key-value contents">
      <thead><tr><th>key</th><th>value</th></tr></thead>
      <tbody>
        {keys.map((k) => <tr key={k}><td className="mono">{k}</td><td className="mono">{kv[k]}</td></tr>)}
      </tbody>
    </table>
  );
}
