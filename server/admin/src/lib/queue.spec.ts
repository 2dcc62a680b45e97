import { describe, expect, it } from 'vitest';
import { nextCaseId } from './queue';

describe('moving on after handling a case', () => {
  it('opens the next case in the queue, or the previous one after the last', () => {
    expect(nextCaseId([4, 7, 9], 7)).toBe(9);
    expect(nextCaseId([4, 7, 9], 9)).toBe(7);
    expect(nextCaseId([4, 7, 9], 4)).toBe(7);
  });
  it('stops when the queue is empty, and starts at the top when the case was not on this page', () => {
    expect(nextCaseId([7], 7)).toBeNull();
    expect(nextCaseId([], 7)).toBeNull();
    expect(nextCaseId([4, 9], 7)).toBe(4);
  });
});
