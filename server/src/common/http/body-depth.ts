import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { ERROR_DEFINITIONS } from '@sansui/shared';

/** No request body of this API nests deeper than a few levels; 32 leaves room and stops stack-hungry input early. */
export const MAX_BODY_DEPTH = 32;

/** Depth of a parsed JSON value, walked with an explicit stack (a recursive walk is what overflowed). Stops once past `limit`. */
export function exceedsDepth(value: unknown, limit = MAX_BODY_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node))
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * A `preValidation` hook: after the body parsers, before guards and validation, a body nested deeper than
 * MAX_BODY_DEPTH answers 400 BODY_TOO_DEEP at once, on every route including the logins.
 */
export function bodyDepthLimit(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const body = request.body;
  if (body === null || typeof body !== 'object' || !exceedsDepth(body)) return done();
  const { status, message } = ERROR_DEFINITIONS.BODY_TOO_DEEP;
  void reply.code(status).send({ code: 'BODY_TOO_DEEP', message, requestId: reply.raw.getHeader('x-request-id') ?? undefined });
}
