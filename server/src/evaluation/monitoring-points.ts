import {
  CHINA_OFFSET_MS,
  distanceM,
  MONITORING_CASE_THRESHOLD,
  MONITORING_CLEAN_DAYS,
  MONITORING_WINDOW_DAYS,
  type MonitoringReason,
} from '@sansui/shared';

const DAY_MS = 86_400_000;

/** A case (not rejected or merged) or a published round's finding, where and when it was seen. */
export interface SpotEvent {
  kind: 'case' | 'finding';
  id: number;
  categoryCode: string;
  lat: number;
  lng: number;
  at: Date;
  gridId: number | null;
  /** A finding's round and inspected area. */
  roundId: number | null;
  areaId: number | null;
  address: string | null;
}

export interface ComputedPoint {
  key: string;
  categoryCode: string;
  lat: number;
  lng: number;
  centre: SpotEvent;
  reason: MonitoringReason;
  since: Date;
  lastEventAt: Date;
  cleanDays: number;
  /** YYYY-MM-DD (China): the day it leaves (or left) the list after MONITORING_CLEAN_DAYS clean days. */
  clearsOn: string;
  /** YYYY-MM-DD (China) once it has left the list (by `now`), else null. */
  clearedOn: string | null;
  /** The events since the window before `since` up to its last one, oldest first. */
  events: SpotEvent[];
}

/** How a point stands in a document's period (docs/domain.md §16): listed in it, newly or still, or cleared in it. */
export type MonitoringChange = 'new' | 'listed' | 'cleared';

export interface MonitoringInput {
  /** In any order. */
  events: SpotEvent[];
  /** The duplicate radius of a category, in metres. */
  radiusM: (categoryCode: string) => number;
  /** The published round before `roundId` among those that inspected `areaId`, or null. */
  previousRound: (roundId: number, areaId: number) => number | null;
  now: Date;
}

/** Number of the China (UTC+8) calendar day of an instant. */
const chinaDayNo = (at: Date) => Math.floor((at.getTime() + CHINA_OFFSET_MS) / DAY_MS);
const dayString = (dayNo: number) => new Date(dayNo * DAY_MS).toISOString().slice(0, 10);
/** The instant a China day begins. */
const dayStart = (dayNo: number) => new Date(dayNo * DAY_MS - CHINA_OFFSET_MS);
/** Whole China days strictly between two instants' days: the clean days after `a` up to `b`. */
const cleanDaysBetween = (a: Date, b: Date) => Math.max(0, chinaDayNo(b) - chinaDayNo(a) - 1);

/** One stretch of a spot on the list: from the event that met the rule; `last` is set once a relapse ended it. */
interface Episode {
  since: Date;
  reason: MonitoringReason;
  last: SpotEvent | null;
}

interface Spot {
  centre: SpotEvent;
  events: SpotEvent[];
  episodes: Episode[];
  open: Episode | null;
}

/**
 * 重点监控点位 (docs/domain.md §16), replayed from the events in time order. A spot is centred on the first case or
 * finding of a category that has no spot of that category within the category's duplicate radius; later events of
 * the category join the nearest spot within the radius. A spot is listed from the event at which it has
 * MONITORING_CASE_THRESHOLD cases in MONITORING_WINDOW_DAYS China days, or a finding whose area's previous
 * published round also found the category there; it leaves the list after MONITORING_CLEAN_DAYS whole China days
 * without a case or finding there (and may come back on the rule again).
 */
function replay({ events, radiusM, previousRound }: MonitoringInput): Spot[] {
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime() || a.kind.localeCompare(b.kind) || a.id - b.id);
  const spots: Spot[] = [];
  const index = new SpotIndex(Math.max(1, ...sorted.map((e) => radiusM(e.categoryCode))), sorted[0]?.lat ?? 0);
  for (const e of sorted) {
    const radius = radiusM(e.categoryCode);
    let spot = index.nearest(e, radius);
    if (!spot) {
      spot = { centre: e, events: [], episodes: [], open: null };
      spots.push(spot);
      index.add(spot);
    }
    const last = spot.events[spot.events.length - 1];
    if (spot.open && last && cleanDaysBetween(last.at, e.at) >= MONITORING_CLEAN_DAYS) {
      spot.open.last = last;
      spot.open = null;
    }
    spot.events.push(e);
    if (!spot.open) {
      const reason = ruleMet(spot, e, previousRound);
      if (reason) {
        spot.open = { since: e.at, reason, last: null };
        spot.episodes.push(spot.open);
      }
    }
  }
  return spots;
}

/** An episode of a spot as it stands at `now`. */
function pointOf(s: Spot, ep: Episode, now: Date): ComputedPoint {
  const last = ep.last ?? s.events[s.events.length - 1];
  const cleanDays = cleanDaysBetween(last.at, now);
  const clearDay = chinaDayNo(last.at) + MONITORING_CLEAN_DAYS + 1;
  const from = chinaDayNo(ep.since) - MONITORING_WINDOW_DAYS;
  return {
    key: `${s.centre.categoryCode}:${s.centre.kind}:${s.centre.id}`,
    categoryCode: s.centre.categoryCode,
    lat: s.centre.lat,
    lng: s.centre.lng,
    centre: s.centre,
    reason: ep.reason,
    since: ep.since,
    lastEventAt: last.at,
    cleanDays,
    clearsOn: dayString(clearDay),
    clearedOn: ep.last !== null || cleanDays >= MONITORING_CLEAN_DAYS ? dayString(clearDay) : null,
    events: s.events.filter((e) => chinaDayNo(e.at) > from && e.at <= last.at),
  };
}

const newestFirst = (a: ComputedPoint, b: ComputedPoint) => b.lastEventAt.getTime() - a.lastEventAt.getTime() || a.key.localeCompare(b.key);

/** The points listed at `now`, newest activity first. */
export function monitoringPoints(input: MonitoringInput): ComputedPoint[] {
  return replay(input)
    .flatMap((s) => (s.open ? [pointOf(s, s.open, input.now)] : []))
    .filter((p) => p.clearedOn === null)
    .sort(newestFirst);
}

/**
 * The points of a document covering `from`..`now` (docs/domain.md §16): those listed at `now` — `new` when listed
 * since `from`, else `listed` — and those that left the list in the period (`cleared`: the China day they left
 * begins inside it). A spot that left and was listed again in the period appears twice, once of each.
 */
export function monitoringChanges(input: MonitoringInput & { from: Date }): (ComputedPoint & { change: MonitoringChange })[] {
  const out: (ComputedPoint & { change: MonitoringChange })[] = [];
  for (const s of replay(input))
    for (const ep of s.episodes) {
      const p = pointOf(s, ep, input.now);
      if (p.clearedOn === null) out.push({ ...p, change: p.since >= input.from ? 'new' : 'listed' });
      else {
        const left = dayStart(chinaDayNo(p.lastEventAt) + MONITORING_CLEAN_DAYS + 1);
        if (left >= input.from && left <= input.now) out.push({ ...p, change: 'cleared' });
      }
    }
  const order: Record<MonitoringChange, number> = { new: 0, listed: 1, cleared: 2 };
  return out.sort((a, b) => order[a.change] - order[b.change] || newestFirst(a, b));
}

function ruleMet(spot: Spot, e: SpotEvent, previousRound: MonitoringInput['previousRound']): MonitoringReason | null {
  const today = chinaDayNo(e.at);
  const recentCases = spot.events.filter((x) => x.kind === 'case' && today - chinaDayNo(x.at) < MONITORING_WINDOW_DAYS).length;
  if (recentCases >= MONITORING_CASE_THRESHOLD) return 'repeated_cases';
  if (e.kind === 'finding' && e.roundId !== null && e.areaId !== null) {
    const prev = previousRound(e.roundId, e.areaId);
    if (prev !== null && spot.events.some((x) => x.kind === 'finding' && x.roundId === prev)) return 'repeated_findings';
  }
  return null;
}

/** Spots by category in square cells at least as wide as the largest radius, so a lookup reads 3 × 3 cells. */
class SpotIndex {
  private readonly cells = new Map<string, Spot[]>();
  private readonly cellLat: number;
  private readonly cellLng: number;

  /** `refLat`: a latitude of the city; a degree of longitude is cos(lat) as long as one of latitude, and the 0.8 keeps the cells wide enough within a few degrees of it. */
  constructor(maxRadiusM: number, refLat: number) {
    this.cellLat = maxRadiusM / 110_000;
    this.cellLng = this.cellLat / (Math.max(0.1, Math.cos((refLat * Math.PI) / 180)) * 0.8);
  }

  private cell(lat: number, lng: number): [number, number] {
    return [Math.floor(lat / this.cellLat), Math.floor(lng / this.cellLng)];
  }

  add(spot: Spot): void {
    const [y, x] = this.cell(spot.centre.lat, spot.centre.lng);
    const key = `${spot.centre.categoryCode}|${y}|${x}`;
    const list = this.cells.get(key);
    if (list) list.push(spot);
    else this.cells.set(key, [spot]);
  }

  nearest(e: SpotEvent, radius: number): Spot | null {
    const [y, x] = this.cell(e.lat, e.lng);
    let best: Spot | null = null;
    let bestD = Infinity;
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++)
        for (const s of this.cells.get(`${e.categoryCode}|${y + dy}|${x + dx}`) ?? []) {
          const d = distanceM(s.centre, e);
          if (d <= radius && d < bestD) {
            best = s;
            bestD = d;
          }
        }
    return best;
  }
}
