import type { LatLng } from '@sansui/shared';
import type { FastifyInstance } from 'fastify';
import fastJsonStringify, { type Schema } from 'fast-json-stringify';

/**
 * JSON schemas of answers, for Fastify's serializer (fast-json-stringify, instead of `JSON.stringify`). Such a schema
 * writes only the fields it names: `objectOf<T>` takes exactly one schema per key of the shared DTO `T`, so a DTO that
 * gains a field fails the type check until its schema names it. Numbers are `number`, never `integer` (which would
 * round), so every value is written as `JSON.stringify` writes it.
 */
export interface AnswerSchema {
  type: string | string[];
  properties?: Record<string, AnswerSchema>;
  required?: string[];
  items?: AnswerSchema;
}

export const text: AnswerSchema = { type: 'string' };
export const textOrNull: AnswerSchema = { type: ['string', 'null'] };
export const number: AnswerSchema = { type: 'number' };
export const numberOrNull: AnswerSchema = { type: ['number', 'null'] };
export const flag: AnswerSchema = { type: 'boolean' };

export const listOf = (items: AnswerSchema): AnswerSchema => ({ type: 'array', items });

/** An object with one schema for every key of T (optional keys too: they are written when present). */
export function objectOf<T>(properties: { [K in keyof T]-?: AnswerSchema }): AnswerSchema {
  return { type: 'object', properties: properties as Record<string, AnswerSchema> };
}

/** The same object, or null. */
export const orNull = (schema: AnswerSchema): AnswerSchema => ({ ...schema, type: [schema.type as string, 'null'] });

export const latLngSchema = objectOf<LatLng>({ lat: number, lng: number });

/**
 * Each route's answer schema compiled on the route's first answer: Fastify compiles them all before the server
 * listens (~50 ms for the two lists, on every start).
 */
export function compileAnswerSchemasOnFirstUse(fastify: FastifyInstance): void {
  fastify.setSerializerCompiler(({ schema }) => {
    let write: ((data: unknown) => string) | undefined;
    return (data: unknown) => (write ??= answerWriter(schema as AnswerSchema))(data);
  });
}

/** The function that writes an answer by its schema. */
export function answerWriter(schema: AnswerSchema): (data: unknown) => string {
  return fastJsonStringify(schema as Schema);
}
