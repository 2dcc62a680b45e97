import { Injectable } from '@nestjs/common';

export type SimulatedFault = 'slow' | 'down' | 'per_second' | 'daily';
const FAULTS: ReadonlySet<string> = new Set(['slow', 'down', 'per_second', 'daily']);

/** In-memory state of the Tencent map simulator: the queue of faults tests asked for, and a call counter. */
@Injectable()
export class TencentMapSimulatorState {
  calls = 0;
  private faults: SimulatedFault[] = [];

  queue(faults: unknown[]): void {
    this.faults.push(...faults.filter((f): f is SimulatedFault => typeof f === 'string' && FAULTS.has(f)));
  }

  pending(): number {
    return this.faults.length;
  }

  nextFault(): SimulatedFault | null {
    return this.faults.shift() ?? null;
  }
}
