import { Column, type ColumnOptions, CreateDateColumn, UpdateDateColumn } from 'typeorm';

/**
 * Column helpers that mean the same on MySQL and SQLite. Timestamps are UTC with microsecond precision (CURRENT_TIMESTAMP(6) defaults need datetime(6) on MySQL)
 * (MySQL connections use timezone 'Z'; SQLite stores UTC text), money is integer fen.
 */
export const DateTimeColumn = (options: ColumnOptions = {}) => Column({ type: 'datetime', precision: 6, ...options });
export const CreatedAtColumn = () => CreateDateColumn({ type: 'datetime', precision: 6 });
export const UpdatedAtColumn = () => UpdateDateColumn({ type: 'datetime', precision: 6 });
export const FenColumn = (options: ColumnOptions = {}) =>
  Column({ type: 'bigint', default: 0, transformer: bigintTransformer, ...options });
export const JsonColumn = (options: ColumnOptions = {}) => Column({ type: 'simple-json', nullable: true, ...options });
export const TextColumn = (options: ColumnOptions = {}) => Column({ type: 'text', nullable: true, ...options });

/** bigint comes back as a string from mysql2; fen amounts fit safely in a JS number. */
export const bigintTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};
