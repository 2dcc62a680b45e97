import { getDataSourceToken } from '@nestjs/typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { requestsCutAtShutdown } from '../common/http/keep-alive';
import { type App, createApp } from '../create-app';
import { createMysqlTestDatabase, testDatabaseKind } from './test-database';

export interface TestApp {
  app: App;
  db: DataSource;
  /** Base URL of the listening server (the WeChat simulators are reached over real HTTP). */
  baseUrl: string;
  http: () => ReturnType<typeof request>;
  dataDir: string;
  close: () => Promise<void>;
}

/**
 * Starts the whole server on a fresh database: an SQLite file in a temp folder, or a new MariaDB/MySQL
 * database when TEST_DB=mysql. It listens on a random loopback port because the real WeChat clients
 * talk to the simulators over HTTP, as in production.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sansui-test-'));
  const kind = testDatabaseKind();
  const mysql = kind === 'mysql' ? await createMysqlTestDatabase() : null;
  const saved = { ...process.env };
  const port = await freePort();
  Object.assign(process.env, {
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'test-secret-test-secret-test-secret',
    RATE_LIMIT_PER_MINUTE: '100000',
    JOBS_ENABLED: 'false',
    DEMO_DATA: 'false',
    WECHAT_MODE: 'simulator',
    ...(mysql ? { DATABASE_URL: mysql.url } : {}),
    ...env,
  });
  if (!mysql && !env.DATABASE_URL) delete process.env.DATABASE_URL;
  let app: App;
  try {
    app = await createApp({ logger: false });
    await app.listen(port, '127.0.0.1');
  } finally {
    process.env = saved;
  }
  const db = app.get<DataSource>(getDataSourceToken());
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    db,
    baseUrl,
    dataDir,
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      const cut = requestsCutAtShutdown(app.getHttpServer());
      // A test app that had to cut requests to close points at a handler that never answered: say which.
      if (cut.length) process.emitWarning(`test app closed with requests still running: ${cut.join(', ')}`);
      await mysql?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
