/**
 * Checks the audit chain against anchors, on the built server: `node dist/anchors/verify-cli.js [anchors.json]`.
 * With a file (downloaded from GET /audit/anchors/export and kept outside the database) its signatures are
 * checked first; without one, the anchors stored in the database are used. Exit 0 = intact, 1 = tampered,
 * 2 = unusable file. Reads the same configuration as the server (DATABASE_URL or the SQLite file, JWT_SECRET).
 */
import type { AuditAnchorFile } from '@sansui/shared';
import { readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { runDatabaseCommand } from '../database/database-command';
import { AuditAnchor } from './audit-anchor.entity';
import { anchorKey, anchorSignatureValid, toAnchorDto, verifyAgainstAnchors } from './chain-anchors';

const say = (line: string) => process.stdout.write(`${line}\n`);
const complain = (line: string) => process.stderr.write(`${line}\n`);

async function verify(db: DataSource, config: AppConfig): Promise<number> {
  const path = process.argv[2];
  let result;
  if (path) {
    const file = JSON.parse(readFileSync(path, 'utf8')) as AuditAnchorFile;
    const key = anchorKey(config.jwt.secret);
    if (file.kind !== 'sansui-audit-anchors' || !Array.isArray(file.anchors)) {
      complain('not an anchor file (kind sansui-audit-anchors)');
      return 2;
    }
    const bad = file.anchors.filter((a) => !anchorSignatureValid(key, a));
    if (bad.length) {
      complain(`anchor file signature invalid for lastId ${bad.map((a) => a.lastId).join(', ')}`);
      return 2;
    }
    result = await verifyAgainstAnchors(db, file.anchors, 'file');
  } else {
    const rows = await db.getRepository(AuditAnchor).find({ order: { lastId: 'ASC' } });
    result = await verifyAgainstAnchors(db, rows.map(toAnchorDto), 'database', anchorKey(config.jwt.secret));
  }
  say(JSON.stringify(result, null, 2));
  return result.ok ? 0 : 1;
}

// A file that cannot be read or a database that cannot be opened is exit code 2, as an unusable file.
if (require.main === module) runDatabaseCommand(verify, 2);
