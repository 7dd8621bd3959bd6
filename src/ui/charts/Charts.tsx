export default function Charts() {
  return <p className="muted pad">Charts</p>;
}
