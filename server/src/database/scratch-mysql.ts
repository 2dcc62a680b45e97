import { createConnection } from 'mysql2/promise';

/**
 * Creates an empty utf8mb4 database `name` on the server of `serverUrl` (same host and user) and returns
 * its URL and a drop function. Used by the drift check and by the integration tests; the 1M benches keep theirs
 * (`ifMissing`: an existing database of that name is left as it is).
 */
export async function createScratchMysqlDatabase(
  serverUrl: string,
  name: string,
  { ifMissing = false } = {},
): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = new URL(serverUrl);
  const connect = () =>
    createConnection({
      host: server.hostname,
      port: Number(server.port || 3306),
      user: decodeURIComponent(server.username),
      password: decodeURIComponent(server.password),
    });
  const admin = await connect();
  try {
    await admin.query(`CREATE DATABASE ${ifMissing ? 'IF NOT EXISTS ' : ''}\`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const conn = await connect();
      try {
        // A query a closed app left running (say, waiting up to 50 s for a row lock) would hold DROP DATABASE on
        // its metadata lock for as long: end whatever still uses the database first.
        const [left] = await conn.query('SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()', [name]);
        for (const { ID } of left as { ID: number }[]) await conn.query(`KILL ${Number(ID)}`).catch(() => undefined);
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await conn.end();
      }
    },
  };
}
