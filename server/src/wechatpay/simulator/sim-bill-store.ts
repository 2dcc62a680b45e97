import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The WeChat Pay simulator's record of one transfer bill (stands in for WeChat Pay's database). */
export interface SimTransferBill {
  outBillNo: string;
  mchid: string;
  transferBillNo: string;
  appid: string;
  openid: string;
  amountFen: number;
  /** SHA-256 of the create request's parameters: a reused out_bill_no must come with the same ones. */
  paramsHash: string;
  params: string;
  notifyUrl: string;
  state: string;
  failReason: string | null;
  packageInfo: string;
  /** Times are the simulator's clock (tests move it forward). */
  createdAt: Date;
  updatedAt: Date;
  callbacksSent: number;
}

interface Row extends Omit<SimTransferBill, 'createdAt' | 'updatedAt'> {
  createdAt: number;
  updatedAt: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sim_transfer_bills (
  outBillNo TEXT PRIMARY KEY,
  mchid TEXT NOT NULL,
  transferBillNo TEXT NOT NULL UNIQUE,
  appid TEXT NOT NULL,
  openid TEXT NOT NULL,
  amountFen INTEGER NOT NULL,
  paramsHash TEXT NOT NULL,
  params TEXT NOT NULL,
  notifyUrl TEXT NOT NULL,
  state TEXT NOT NULL,
  failReason TEXT,
  packageInfo TEXT NOT NULL,
  createdAt INTEGER NOT NULL,
  updatedAt INTEGER NOT NULL,
  callbacksSent INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS sim_transfer_bills_state_created ON sim_transfer_bills (state, createdAt);
CREATE INDEX IF NOT EXISTS sim_transfer_bills_updated ON sim_transfer_bills (updatedAt);
`;

/**
 * The simulator's own store: an SQLite file under DATA_DIR/wechatpay-sim, apart from the product's
 * database, so production never creates, migrates or loads it (WeChat Pay keeps its own books too).
 * Several server instances on one data dir share the file (WAL, busy timeout), as they share WeChat Pay.
 */
export class SimBillStore {
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    const dir = join(dataDir, 'wechatpay-sim');
    mkdirSync(dir, { recursive: true });
    this.db = new Database(join(dir, 'bills.sqlite'), { timeout: 10_000 });
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
  }

  find(outBillNo: string, mchid?: string): SimTransferBill | null {
    const row = this.db
      .prepare<unknown[], Row>(`SELECT * FROM sim_transfer_bills WHERE outBillNo = ?${mchid ? ' AND mchid = ?' : ''}`)
      .get(...(mchid ? [outBillNo, mchid] : [outBillNo]));
    return row ? toBill(row) : null;
  }

  /** Inserts a new bill; false when the out_bill_no exists already (another instance won the race). */
  insert(b: SimTransferBill): boolean {
    const res = this.db
      .prepare(
        `INSERT OR IGNORE INTO sim_transfer_bills (outBillNo, mchid, transferBillNo, appid, openid, amountFen, paramsHash, params,
         notifyUrl, state, failReason, packageInfo, createdAt, updatedAt, callbacksSent)
         VALUES (@outBillNo, @mchid, @transferBillNo, @appid, @openid, @amountFen, @paramsHash, @params, @notifyUrl, @state,
         @failReason, @packageInfo, @createdAt, @updatedAt, @callbacksSent)`,
      )
      .run({ ...b, createdAt: b.createdAt.getTime(), updatedAt: b.updatedAt.getTime() });
    return res.changes === 1;
  }

  /** Moves a bill to `to` only while it is in one of `from` (a conditional update); true when it moved. */
  transition(outBillNo: string, from: string[], to: { state: string; failReason: string | null; updatedAt: Date }): boolean {
    const res = this.db
      .prepare(
        `UPDATE sim_transfer_bills SET state = ?, failReason = ?, updatedAt = ? WHERE outBillNo = ? AND state IN (${from.map(() => '?').join(',')})`,
      )
      .run(to.state, to.failReason, to.updatedAt.getTime(), outBillNo, ...from);
    return res.changes === 1;
  }

  countCallback(outBillNo: string): void {
    this.db.prepare('UPDATE sim_transfer_bills SET callbacksSent = callbacksSent + 1 WHERE outBillNo = ?').run(outBillNo);
  }

  openCreatedBefore(states: string[], before: Date): SimTransferBill[] {
    return this.db
      .prepare<unknown[], Row>(`SELECT * FROM sim_transfer_bills WHERE state IN (${states.map(() => '?').join(',')}) AND createdAt <= ?`)
      .all(...states, before.getTime())
      .map(toBill);
  }

  /** Bills whose last change lies in [from, to) (the fund-flow bill of a day lists the SUCCESS ones). */
  updatedBetween(from: Date, to: Date): SimTransferBill[] {
    return this.db
      .prepare<unknown[], Row>('SELECT * FROM sim_transfer_bills WHERE updatedAt >= ? AND updatedAt < ? ORDER BY updatedAt, outBillNo')
      .all(from.getTime(), to.getTime())
      .map(toBill);
  }

  all(filter: { state?: string } = {}): SimTransferBill[] {
    const rows = filter.state
      ? this.db.prepare<unknown[], Row>('SELECT * FROM sim_transfer_bills WHERE state = ? ORDER BY createdAt').all(filter.state)
      : this.db.prepare<unknown[], Row>('SELECT * FROM sim_transfer_bills ORDER BY createdAt').all();
    return rows.map(toBill);
  }

  /** Test control: change a bill behind the simulator's back (e.g. an injected amount mismatch). */
  patch(outBillNo: string, patch: Partial<Pick<SimTransferBill, 'state' | 'amountFen' | 'openid' | 'mchid'>>): void {
    const keys = Object.keys(patch) as (keyof typeof patch)[];
    if (!keys.length) return;
    this.db
      .prepare(`UPDATE sim_transfer_bills SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE outBillNo = @outBillNo`)
      .run({ ...patch, outBillNo });
  }

  /** Demo history: when the bill was created and last changed. */
  setTimes(outBillNo: string, createdAt: Date, updatedAt: Date): void {
    this.db
      .prepare('UPDATE sim_transfer_bills SET createdAt = ?, updatedAt = ? WHERE outBillNo = ?')
      .run(createdAt.getTime(), updatedAt.getTime(), outBillNo);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function toBill(r: Row): SimTransferBill {
  return { ...r, amountFen: Number(r.amountFen), createdAt: new Date(Number(r.createdAt)), updatedAt: new Date(Number(r.updatedAt)) };
}
