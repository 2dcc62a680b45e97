import { Injectable } from '@nestjs/common';

/** The two pixel comparisons of the evidence checks: `isCutOut(part, whole)` and the symmetric `isSamePicture`. */
export type PictureComparison = 'cut-out' | 'same';

/** One comparison's outcome between two stored pictures, named by the SHA-256 of their stored bytes. */
export interface PictureVerdict {
  comparison: PictureComparison;
  /** `part` for a cut-out; either picture for `same`. */
  a: string;
  /** `whole` for a cut-out. */
  b: string;
  verdict: boolean;
}

const key = (comparison: PictureComparison, a: string, b: string) =>
  comparison === 'same' && b < a ? `same:${b}:${a}` : `${comparison}:${a}:${b}`;

/**
 * Outcomes of the pixel comparisons known in advance for fixed pictures (the demo's photos, whose comparisons
 * were a quarter of a first start's CPU), keyed by the stored images' SHA-256. A comparison is a pure function
 * of the two stored pictures, so answering a known pair from the table gives what the search would have given;
 * any other pair is compared as before. The demo's table is checked against the real comparison by
 * `reports-demo-verdicts.spec.ts`.
 */
@Injectable()
export class KnownPictureVerdicts {
  private readonly known = new Map<string, boolean>();
  /** Called with every comparison that was computed rather than looked up (the demo's table is recorded this way). */
  onComputed: ((v: PictureVerdict) => void) | null = null;

  learn(verdicts: readonly PictureVerdict[]): void {
    for (const v of verdicts) this.known.set(key(v.comparison, v.a, v.b), v.verdict);
  }

  /**
   * The known outcome for the pair, else `compute()`'s (null: the pictures could not be read, which is a
   * `false` not worth remembering).
   */
  async judge(
    comparison: PictureComparison,
    a: { sha256: string },
    b: { sha256: string },
    compute: () => Promise<boolean | null>,
  ): Promise<boolean> {
    const known = this.known.get(key(comparison, a.sha256, b.sha256));
    if (known !== undefined) return known;
    const verdict = await compute();
    if (verdict === null) return false;
    this.onComputed?.({ comparison, a: a.sha256, b: b.sha256, verdict });
    return verdict;
  }
}
