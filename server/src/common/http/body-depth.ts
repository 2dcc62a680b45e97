import type { NextFunction, Request, Response } from 'express';
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
 * Runs after the body parsers and before routing, guards and validation: a body nested deeper than
 * MAX_BODY_DEPTH answers 400 BODY_TOO_DEEP at once, on every route including the logins.
 */
export function bodyDepthLimit(req: Request, res: Response, next: NextFunction): void {
  if (req.body === null || typeof req.body !== 'object' || !exceedsDepth(req.body)) return next();
  const { status, message } = ERROR_DEFINITIONS.BODY_TOO_DEEP;
  res.status(status).json({ code: 'BODY_TOO_DEEP', message, requestId: res.getHeader('x-request-id') ?? undefined });
}
