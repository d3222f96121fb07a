// ACLED's six event types and the colour each is drawn in (map markers, legend, panel).
export const EVENT_TYPES = [
  ["Battles", "#c0392b"],
  ["Explosions/Remote violence", "#e67e22"],
  ["Violence against civilians", "#8e44ad"],
  ["Protests", "#2471a3"],
  ["Riots", "#b7950b"],
  ["Strategic developments", "#138d75"],
];
const BY_TYPE = new Map(EVENT_TYPES);

export function colorOf(eventType) {
  return BY_TYPE.get(eventType) || "#566573";
}

/** Marker radius in pixels: grows with the square root of fatalities (area ~ deaths), capped. */
export function radiusOf(fatalities) {
  return Math.min(22, 5 + 2.2 * Math.sqrt(Math.max(0, fatalities | 0)));
}
