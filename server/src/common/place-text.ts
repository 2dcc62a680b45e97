/**
 * How a place reads for people (docs/domain.md §15): the geocoded address, else "near the landmark", else null
 * (the caller says the address is still being looked up). Never bare coordinates.
 */
export function placeText(p: { address: string | null; landmark?: string | null }): string | null {
  if (p.address) return p.address;
  if (p.landmark) return `${p.landmark}附近`;
  return null;
}
