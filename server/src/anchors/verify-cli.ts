/**
 * Checks the audit chain against anchors, on the built server: `node dist/anchors/verify-cli.js [anchors.json]`.
 * With a file (downloaded from GET /audit/anchors/export and kept outside the database) its signatures are
 * checked first; without one, the anchors stored in the database are used. Exit 0 = intact, 1 = tampered,
 * 2 = unusable file. Reads the same configuration as the server (DATABASE_URL or the SQLite file, JWT_SECRET).
 */
import 'reflect-metadata';
import type { AuditAnchorFile } from '@sansui/shared';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { buildConfig } from '../config/app-config';
import { databaseOptions } from '../database/database-options';
import { AuditAnchor } from './audit-anchor.entity';
import { anchorKey, anchorSignatureValid, toAnchorDto, verifyAgainstAnchors } from './chain-anchors';

const say = (line: string) => process.stdout.write(`${line}\n`);
const complain = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const config = buildConfig(process.env);
  const path = process.argv[2];
  const db = await new DataSource({ ...databaseOptions(config.database), logging: ['error'] }).initialize();
  try {
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
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      complain(e instanceof Error ? e.message : String(e));
      process.exit(2);
    },
  );
}
