import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * Limits a sensitive route (login, upload, report) to RATE_LIMIT_PER_MINUTE requests per client and
 * minute. Counters live in Redis when REDIS_URL is set (shared by every instance), else in this instance's memory.
 */
export const RateLimited = () =>
  applyDecorators(UseGuards(ThrottlerGuard), ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS 操作太频繁' }));
