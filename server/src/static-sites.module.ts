import { DynamicModule, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where the built UIs are; overridable for deployments that copy them elsewhere. */
export const ADMIN_DIST = process.env.ADMIN_DIST ?? join(__dirname, '..', 'admin', 'dist');
export const H5_DIST = process.env.H5_DIST ?? join(__dirname, '..', '..', 'miniapp', 'dist-h5');

/** Serves the admin panel at /admin and the H5 mini-program at /h5 when they have been built. */
@Module({})
export class StaticSitesModule {
  static forRoot(): DynamicModule {
    const sites = [
      { rootPath: ADMIN_DIST, serveRoot: '/admin', exclude: ['/admin/assets/{*path}'] },
      { rootPath: H5_DIST, serveRoot: '/h5', exclude: ['/h5/js/{*path}', '/h5/css/{*path}', '/h5/static/{*path}'] },
    ].filter((s) => existsSync(join(s.rootPath, 'index.html')));
    return {
      module: StaticSitesModule,
      imports: sites.map((s) => ServeStaticModule.forRoot({ ...s, serveStaticOptions: { fallthrough: true } })),
    };
  }
}
