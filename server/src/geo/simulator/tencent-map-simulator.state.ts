import { Injectable, type OnModuleDestroy } from '@nestjs/common';

export type SimulatedFault = 'slow' | 'down' | 'per_second' | 'daily' | 'hold';
const FAULTS: ReadonlySet<string> = new Set(['slow', 'down', 'per_second', 'daily', 'hold']);

/** In-memory state of the Tencent map simulator: the queue of faults tests asked for, and a call counter. */
@Injectable()
export class TencentMapSimulatorState implements OnModuleDestroy {
  calls = 0;
  private faults: SimulatedFault[] = [];
  private held: (() => void)[] = [];

  queue(faults: unknown[]): void {
    this.faults.push(...faults.filter((f): f is SimulatedFault => typeof f === 'string' && FAULTS.has(f)));
  }

  pending(): number {
    return this.faults.length;
  }

  nextFault(): SimulatedFault | null {
    return this.faults.shift() ?? null;
  }

  /** A 'hold' call waits here until release(): a geocoder that does not answer, for as long as a test needs. */
  hold(): Promise<void> {
    return new Promise((resolve) => this.held.push(resolve));
  }

  /** A held call would keep its connection, and so the server's shutdown, waiting. */
  onModuleDestroy(): void {
    this.release();
  }

  /** Lets every held call answer; returns how many were held. */
  release(): number {
    const held = this.held.splice(0);
    for (const resolve of held) resolve();
    return held.length;
  }
}
