import { retryOnDeadlock } from './transactions';

const failing = (code: string) => Object.assign(new Error(code), { driverError: { code } });

describe('retryOnDeadlock', () => {
  it('runs the work again when MariaDB picked it as a deadlock victim or its lock wait timed out', async () => {
    const codes = ['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT'];
    let calls = 0;
    const result = await retryOnDeadlock(async () => {
      const code = codes[calls++];
      if (code) throw failing(code);
      return 'done';
    });
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  it('gives up after four attempts with the database’s error', async () => {
    let calls = 0;
    await expect(
      retryOnDeadlock(async () => {
        calls++;
        throw failing('ER_LOCK_DEADLOCK');
      }),
    ).rejects.toThrow('ER_LOCK_DEADLOCK');
    expect(calls).toBe(4);
  });

  it('never reruns work that failed for another reason', async () => {
    let calls = 0;
    await expect(
      retryOnDeadlock(async () => {
        calls++;
        throw failing('ER_DUP_ENTRY');
      }),
    ).rejects.toThrow('ER_DUP_ENTRY');
    expect(calls).toBe(1);
  });
});
