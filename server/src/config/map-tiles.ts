import type { MapTilesDto } from '@sansui/shared';

/**
 * The street-map tile source (MAP_TILE_URL and friends) as the clients receive it from GET /geo/map-config.
 * A template must name {z}, {x} and {y} (or {-y} for TMS rows, as Tencent's tiles number them) and be an
 * absolute http(s) URL; anything else stops the boot, naming the variable.
 */
export function parseMapTiles(vars: {
  MAP_TILE_URL?: string;
  MAP_TILE_ATTRIBUTION?: string;
  MAP_TILE_SUBDOMAINS?: string;
  MAP_TILE_MAX_ZOOM?: number;
}): MapTilesDto | null {
  const urlTemplate = vars.MAP_TILE_URL?.trim();
  if (!urlTemplate) return null;
  const subdomains = (vars.MAP_TILE_SUBDOMAINS ?? 'abc').trim();
  const problem = templateProblem(urlTemplate, subdomains);
  if (problem) throw new Error(`Invalid configuration:\n  MAP_TILE_URL=${JSON.stringify(urlTemplate)}: ${problem}`);
  return { urlTemplate, attribution: vars.MAP_TILE_ATTRIBUTION ?? '', subdomains, maxZoom: vars.MAP_TILE_MAX_ZOOM ?? 18 };
}

function templateProblem(template: string, subdomains: string): string | null {
  if (!template.includes('{z}') || !template.includes('{x}') || !(template.includes('{y}') || template.includes('{-y}')))
    return 'the template must contain {z}, {x} and {y} (or {-y})';
  if (template.includes('{s}') && !subdomains) return 'the template uses {s} but MAP_TILE_SUBDOMAINS is empty';
  try {
    const url = new URL(fill(template, subdomains[0] ?? ''));
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'the template must be an http(s) URL';
  } catch {
    return 'the template must be an absolute URL';
  }
  return null;
}

/** The template with {s} set and the tile numbers set to 0, so it parses as a URL. */
function fill(template: string, subdomain: string): string {
  return template
    .replaceAll('{s}', subdomain)
    .replace(/\{-?[xyz]\}/g, '0')
    .replace(/\{r\}/g, '');
}

/** The origins the browsers load tiles from (one per subdomain), for the Content-Security-Policy's img-src. */
export function tileOrigins(tiles: MapTilesDto | null): string[] {
  if (!tiles) return [];
  const subs = tiles.urlTemplate.includes('{s}') ? [...tiles.subdomains] : [''];
  return [...new Set(subs.map((s) => new URL(fill(tiles.urlTemplate, s)).origin))];
}
