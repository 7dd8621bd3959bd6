export default function SpaceTime() {
  return <p className="muted pad">Space-time diagram</p>;
}
