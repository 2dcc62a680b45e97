import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { type App, createApp } from './create-app';

/** Builds the app and listens on the configured port: what `node dist/main.js` runs (see main.ts). */
export async function startServer(): Promise<App> {
  const app = await createApp();
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.port, config.host);
  const base = `http://127.0.0.1:${config.port}`;
  new Logger('Boot').log(
    `三随 server listening: API ${base}/api/v1, docs ${base}/api/docs, admin ${base}/admin/, H5 ${base}/h5/ (database: ${config.database.type})`,
  );
  return app;
}
