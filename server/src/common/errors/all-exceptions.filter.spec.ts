import type { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter } from './all-exceptions.filter';

/** What the filter answers for an error thrown while handling a request. */
function answer(exception: unknown): { status: number; body: { code: string; message: string } } {
  let status = 0;
  let body: { code: string; message: string } = { code: '', message: '' };
  const reply = {
    sent: false,
    raw: { headersSent: false },
    header: () => reply,
    type: () => reply,
    code(s: number) {
      status = s;
      return reply;
    },
    send(b: typeof body) {
      body = b;
      return reply;
    },
  };
  const host = {
    switchToHttp: () => ({
      getResponse: () => reply,
      getRequest: () => ({ raw: { id: 'r1' }, method: 'GET', url: '/api/v1/cases', headers: {} }),
    }),
  } as unknown as ArgumentsHost;
  const filter = new AllExceptionsFilter();
  (filter as unknown as { logger: { error: () => void } }).logger = { error: () => undefined };
  filter.catch(exception, host);
  return { status, body };
}

describe('AllExceptionsFilter: the database out of reach', () => {
  it('answers 503 SERVICE_UNAVAILABLE when a MySQL connect times out (seen in the soak run under overload)', () => {
    const err = Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT', syscall: 'connect', fatal: true });
    expect(answer(err)).toEqual({
      status: 503,
      body: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用，请稍后再试' }),
    });
  });

  it('answers 503 when a query fails because the connection was lost or SQLite is busy', () => {
    const lost = new QueryFailedError('SELECT 1', [], Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST' }));
    expect(answer(lost).status).toBe(503);
    const busy = new QueryFailedError('UPDATE x', [], Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
    expect(answer(busy).body.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('still answers 500 INTERNAL_ERROR for a bug, and for a query the database refused as wrong', () => {
    expect(answer(new TypeError("Cannot read properties of undefined (reading 'id')"))).toEqual({
      status: 500,
      body: expect.objectContaining({ code: 'INTERNAL_ERROR' }),
    });
    const bad = new QueryFailedError('SELEC 1', [], Object.assign(new Error('syntax'), { code: 'ER_PARSE_ERROR' }));
    expect(answer(bad).status).toBe(500);
  });
});
