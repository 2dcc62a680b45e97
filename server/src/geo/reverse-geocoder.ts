/** What reverse geocoding tells about a point, in words a person reads (docs/domain.md §15). */
export interface PlaceDescription {
  /** e.g. "上城区湖滨街道 东坡路12号附近". */
  address: string;
  /** The nearest landmark's name, when the geocoder knows one. */
  landmark: string | null;
}

export type GeocodeFailure = 'quota' | 'config' | 'input' | 'unavailable';

/** The geocoder refused or could not be reached. `kind` says whether trying again later can help. */
export class GeocodeError extends Error {
  constructor(
    readonly kind: GeocodeFailure,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** Coordinates → address. Injected by this abstract class; the Tencent WebService client is the one implementation. */
export abstract class ReverseGeocoder {
  /** Throws GeocodeError. `lat`, `lng` are GCJ-02. */
  abstract reverse(lat: number, lng: number): Promise<PlaceDescription>;
}
