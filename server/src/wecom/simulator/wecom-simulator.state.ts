import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';

/** One application message the simulated WeCom accepted. */
export interface SimWecomMessage {
  msgid: string;
  agentid: number;
  touser: string[];
  msgtype: string;
  textcard: { title: string; description: string; url: string; btntxt?: string };
  receivedAt: string;
}

/** A member id the simulated company does not have (so tests can see a permanent refusal). */
export const isUnknownMember = (userId: string) => userId.startsWith('gone-');

/** Messages kept for the control endpoint; past it the oldest thousand are forgotten (a demo runs for days). */
export const SIM_WECOM_MAX_MESSAGES = 10_000;
/** Tokens remembered; past it the expired ones are forgotten. */
const MAX_TOKENS = 1_000;

/** In-memory state of the simulated WeCom: tokens it issued, messages it accepted, faults queued by tests. */
@Injectable()
export class WecomSimulatorState {
  private readonly tokens = new Map<string, number>();
  readonly messages: SimWecomMessage[] = [];
  private accepted = 0;
  /** errcodes the next message/send calls answer with (-1 system busy, 45009 rate limit …); 502 = HTTP outage. */
  private readonly faults: number[] = [];
  tokenRequests = 0;

  issueToken(lifetimeS: number): string {
    const token = `sim-wecom-${randomBytes(12).toString('hex')}`;
    if (this.tokens.size >= MAX_TOKENS) for (const [t, until] of this.tokens) if (until <= Date.now()) this.tokens.delete(t);
    this.tokens.set(token, Date.now() + lifetimeS * 1000);
    this.tokenRequests++;
    return token;
  }

  /** 0 when valid, else WeCom's errcode: 41001 missing, 40014 unknown, 42001 expired. */
  checkToken(token: string | undefined): number {
    if (!token) return 41001;
    const until = this.tokens.get(token);
    if (until === undefined) return 40014;
    return Date.now() < until ? 0 : 42001;
  }

  expireTokens(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, 0);
  }

  /** Keeps an accepted message (the newest SIM_WECOM_MAX_MESSAGES) and returns its msgid. */
  accept(message: Omit<SimWecomMessage, 'msgid'>): string {
    const msgid = `sim-msg-${++this.accepted}`;
    if (this.messages.length >= SIM_WECOM_MAX_MESSAGES) this.messages.splice(0, 1_000);
    this.messages.push({ msgid, ...message });
    return msgid;
  }

  queueFaults(codes: number[]): void {
    this.faults.push(...codes);
  }

  nextFault(): number | null {
    return this.faults.shift() ?? null;
  }

  reset(): void {
    this.tokens.clear();
    this.messages.length = 0;
    this.accepted = 0;
    this.faults.length = 0;
    this.tokenRequests = 0;
  }
}
