// Whether the person asked for less motion (their system's setting); CSS stops its own transitions
// and animations in hetki.css, and script-driven motion (FLIP moves, the word cloud) asks here.
const query = window.matchMedia("(prefers-reduced-motion: reduce)");

export function reducedMotion() {
  return query.matches;
}
