import { HttpAdapterHost } from '@nestjs/core';
import type { AppConfig } from '../config/app-config';
import { strictMock } from '../testing/strict-mock';
import type { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';

/**
 * The outbox delivers only once the server listens (the demo's WeChat and WeCom simulators are routes of this
 * server: a boot-time tick found nobody there and failed its whole batch once), and delivers right then.
 */
describe('OutboxWorker', () => {
  function worker() {
    const runOnce = jest.fn().mockResolvedValue({ claimed: 0, sent: 0, refused: 0, failed: 0, dead: 0 });
    const host = new HttpAdapterHost();
    const w = new OutboxWorker(
      strictMock<OutboxService>('outbox', { runOnce }),
      strictMock<AppConfig>('config', { jobsEnabled: true }),
      host,
    );
    w.onModuleInit();
    return { w, host, runOnce };
  }

  it('does not deliver while the server is still booting, however often the interval fires', async () => {
    const { w, runOnce } = worker();
    await w.tick();
    await w.tick();
    expect(runOnce).not.toHaveBeenCalled();
  });

  it('delivers the moment the server listens, and on every tick after', async () => {
    const { w, host, runOnce } = worker();
    host.listening = true;
    await new Promise((r) => setImmediate(r));
    expect(runOnce).toHaveBeenCalledTimes(1);
    await w.tick();
    expect(runOnce).toHaveBeenCalledTimes(2);
  });
});
