import { nextChinaMidnight } from '@sansui/shared';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { outboundRequest, targetOf, type OutboundResponse, type OutboundTarget } from '../../common/http/outbound-http';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { GeocodeError, ReverseGeocoder, type PlaceDescription } from '../reverse-geocoder';
import { parseTencentReverse, TENCENT_POI_PAGE } from './tencent-answer';
import { tencentSig } from './tencent-signature';

export const TENCENT_REVERSE_PATH = '/ws/geocoder/v1/';
const RETRY_BACKOFF_MS = 250;

const POI_OPTIONS = `page_size=${TENCENT_POI_PAGE.size};page_index=${TENCENT_POI_PAGE.index}`;

/**
 * `location` as URLSearchParams encodes it (application/x-www-form-urlencoded): a number's digits, sign, point and
 * exponent go as they are and the comma as %2C; anything else (it cannot be, for numbers) through URLSearchParams.
 */
function formEncodedLocation(location: string): string {
  return /^[-0-9.e,]+$/.test(location) ? location.replace(',', '%2C') : new URLSearchParams({ location }).toString().slice(9);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Tencent Location Service WebService reverse geocoder:
 * `GET {base}/ws/geocoder/v1/?location=lat,lng&key=…&get_poi=1&poi_options=page_size=1;page_index=1[&sig=…]` (the
 * first POI only, see TENCENT_POI_PAGE). Signed when a secret key is set.
 * Transport failures, HTTP 5xx and the per-second limit (120) are retried with backoff; the daily limit
 * (121) pauses every call until Beijing midnight; key and input refusals are not retried.
 */
@Injectable()
export class TencentReverseGeocoder extends ReverseGeocoder {
  private readonly logger = new Logger('TencentGeocoder');
  private pausedUntil = 0;
  private built?: { target: OutboundTarget; fixedQuery: string };

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async reverse(lat: number, lng: number): Promise<PlaceDescription> {
    if (!this.config.geocoder.enabled) throw new GeocodeError('config', 'reverse geocoding is switched off (GEOCODER_MODE=off)');
    if (Date.now() < this.pausedUntil) throw new GeocodeError('quota', 'daily quota used up; paused until Beijing midnight', 121);
    const { retries } = this.config.geocoder;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(lat, lng);
      } catch (e) {
        const err = e instanceof GeocodeError ? e : new GeocodeError('unavailable', (e as Error).message);
        if (err.status === 121) {
          this.pausedUntil = nextChinaMidnight(new Date()).getTime(); // Tencent's daily quota starts again
          this.logger.warn('Tencent daily quota used up: reverse geocoding paused until Beijing midnight');
        }
        if (err.kind === 'config')
          this.logger.error(`Tencent geocoder refused the key: ${err.message} (check TENCENT_MAP_KEY / TENCENT_MAP_SK)`);
        const retryable = err.kind === 'unavailable' || err.status === 120 || err.status === 160 || err.status === 161;
        if (!retryable || attempt >= retries) throw err;
        await sleep(RETRY_BACKOFF_MS * (attempt + 1));
      }
    }
  }

  /**
   * The host, path and the query's fixed part (key, get_poi, poi_options), built once: the config does not change, and
   * two `URL`s and five `searchParams.set` a call (each re-serialising the query) cost ~7 µs against ~3 built here.
   */
  private get request(): { target: OutboundTarget; fixedQuery: string } {
    if (!this.built) {
      const { key, baseUrl } = this.config.geocoder;
      const base = new URL(baseUrl);
      const path = `${base.pathname.replace(/\/$/, '')}${TENCENT_REVERSE_PATH}`;
      this.built = {
        target: targetOf(base, path),
        fixedQuery: new URLSearchParams({ key, get_poi: '1', poi_options: POI_OPTIONS }).toString(),
      };
    }
    return this.built;
  }

  private async once(lat: number, lng: number): Promise<PlaceDescription> {
    const { key, secretKey, timeoutMs } = this.config.geocoder;
    const location = `${lat},${lng}`;
    const query = `location=${formEncodedLocation(location)}&${this.request.fixedQuery}`;
    // The signature covers the path Tencent sees; a simulator mounted under a prefix verifies its own suffix.
    const params = { location, key, get_poi: '1', poi_options: POI_OPTIONS };
    const sig = secretKey ? `&sig=${tencentSig(TENCENT_REVERSE_PATH, params, secretKey)}` : '';
    const url = { ...this.request.target, path: `${this.request.target.path}?${query}${sig}` };
    let res: OutboundResponse;
    try {
      res = await outboundRequest(url, { method: 'GET', timeoutMs });
    } catch (e) {
      throw new GeocodeError('unavailable', `unreachable: ${(e as Error).message}`);
    }
    const text = res.text;
    if (res.status < 200 || res.status > 299) throw new GeocodeError('unavailable', `HTTP ${res.status}`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new GeocodeError('unavailable', 'answer is not JSON');
    }
    return parseTencentReverse(json);
  }
}
