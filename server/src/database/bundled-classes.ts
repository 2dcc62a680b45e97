/**
 * The entity and migration classes of the single-file build (`dist/server.bundle.js`, see `scripts/bundle.mjs`).
 * That build has no files for TypeORM to find by glob, so its entry requires every `*.entity` and migration
 * module the build found and hands their exports here before the app loads. Unset in every other run (tests,
 * the database CLI, `dist` without the bundle): `databaseOptions` then uses the globs.
 */
export const bundledClasses: { entities?: ExportedClass[]; migrations?: Record<'mysql' | 'sqlite', ExportedClass[]> } = {};

type ExportedClass = abstract new (...args: never[]) => unknown;

/** Every class a module exports, as TypeORM collects them from a globbed file. */
export function exportedClasses(modules: object[]): ExportedClass[] {
  return modules.flatMap((m) => Object.values(m).filter((v): v is ExportedClass => typeof v === 'function'));
}
