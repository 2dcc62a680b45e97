import type { AnchorVerifyResult, AuditAnchorDto, BrokenAnchor } from '@sansui/shared';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { entryHashes, GENESIS_HASH, verifyChain } from '../audit/audit.service';
import type { AuditAnchor } from './audit-anchor.entity';

export function toAnchorDto(a: AuditAnchor): AuditAnchorDto {
  return { lastId: a.lastId, hash: a.hash, anchoredAt: a.anchoredAt.toISOString(), signature: a.signature };
}

/** The anchor key, derived from the server secret (a separate purpose string, so it is not the token key). */
export function anchorKey(serverSecret: string): Buffer {
  return createHmac('sha256', serverSecret).update('sansui-audit-anchor-v1').digest();
}

export function signAnchor(key: Buffer, a: Pick<AuditAnchorDto, 'lastId' | 'hash' | 'anchoredAt'>): string {
  return createHmac('sha256', key).update(`${a.lastId}:${a.hash}:${a.anchoredAt}`).digest('hex');
}

export function anchorSignatureValid(key: Buffer, a: AuditAnchorDto): boolean {
  const expected = Buffer.from(signAnchor(key, a), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(a.signature) ? a.signature : '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Checks the chain's links (edits that were not re-hashed) and, for each anchor, that the entry it names still
 * has the anchored hash: a chain re-hashed after an edit passes the first check and fails the second, at the
 * first anchor taken after the edited entry. With `key`, an anchor whose signature is not ours (a stored anchor
 * rewritten to fit a rebuilt chain) counts as broken too.
 */
export async function verifyAgainstAnchors(
  db: DataSource,
  anchors: AuditAnchorDto[],
  source: AnchorVerifyResult['source'],
  key?: Buffer,
): Promise<AnchorVerifyResult> {
  const chain = await verifyChain(db);
  const sorted = [...anchors].sort((a, b) => a.lastId - b.lastId);
  const ids = [...new Set(sorted.map((a) => a.lastId).filter((id) => id > 0))];
  const found = await entryHashes(db, ids);
  const brokenAnchors: BrokenAnchor[] = [];
  let since = 0;
  for (const a of sorted) {
    const now = a.lastId === 0 ? GENESIS_HASH : (found.get(a.lastId) ?? null);
    const signed = !key || anchorSignatureValid(key, a);
    if (now === a.hash && signed) since = a.lastId;
    else
      brokenAnchors.push({
        lastId: a.lastId,
        anchoredAt: a.anchoredAt,
        expectedHash: a.hash,
        foundHash: now,
        sinceLastId: since,
        reason: signed ? 'hash' : 'signature',
      });
  }
  return { ...chain, ok: chain.ok && brokenAnchors.length === 0, anchorsChecked: sorted.length, source, brokenAnchors };
}
