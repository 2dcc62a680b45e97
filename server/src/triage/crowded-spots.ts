import { geohashEncode } from '@sansui/shared';

/** A spot is a geohash-8 cell (about 38 × 19 m): reports there find about the same crowd of cases around them. */
const SPOT_PRECISION = 8;
/** Spots remembered; the one remembered longest ago is forgotten first. */
export const CROWDED_SPOTS_MAX = 4096;
/** The smallest box read first, in metres either way of the point. */
const MIN_BOX_M = 1;

/**
 * Where the duplicate finder last found a crowd: per category and spot, how far from the point (metres north, south,
 * east and west) the nearby read may look first. Only where to read first: the finder checks what it read either way,
 * and reads wider when the box did not settle the candidates (DuplicateFinder.withinRadius).
 */
export class CrowdedSpots {
  private readonly boxes = new Map<string, number>();

  /** The box to read first at this point, or undefined: no crowd known here. */
  boxAt(categoryCode: string, at: { lat: number; lng: number }): number | undefined {
    return this.boxes.get(this.key(categoryCode, at));
  }

  /**
   * What a nearby read found: `nearestFromM`, the farthest of the full `nearest` read (null when the box held fewer).
   * Twice that is the next box: the nearest few of a point close by fit in it. Under `widestM` it is not worth a box.
   */
  remember(categoryCode: string, at: { lat: number; lng: number }, nearestFromM: number | null, widestM: number): void {
    const key = this.key(categoryCode, at);
    this.boxes.delete(key);
    if (nearestFromM === null || 2 * nearestFromM >= widestM) return;
    this.boxes.set(key, Math.max(MIN_BOX_M, 2 * nearestFromM));
    if (this.boxes.size > CROWDED_SPOTS_MAX) this.boxes.delete(this.boxes.keys().next().value!);
  }

  private key(categoryCode: string, at: { lat: number; lng: number }): string {
    return `${categoryCode} ${geohashEncode(at.lat, at.lng, SPOT_PRECISION)}`;
  }
}
