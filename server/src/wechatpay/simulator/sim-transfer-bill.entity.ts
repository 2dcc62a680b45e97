import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, FenColumn, TextColumn } from '../../database/columns';

/** The WeChat Pay simulator's own record of transfer bills (stands in for WeChat Pay's database). */
@Entity('sim_transfer_bills')
@Index(['state', 'createdAt'])
export class SimTransferBill {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  outBillNo: string;

  @Column({ type: 'varchar', length: 32 })
  mchid: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  transferBillNo: string;

  @Column({ type: 'varchar', length: 32 })
  appid: string;

  @Column({ type: 'varchar', length: 64 })
  openid: string;

  @FenColumn()
  amountFen: number;

  /** SHA-256 of the create request's parameters: a reused out_bill_no must come with the same ones. */
  @Column({ type: 'varchar', length: 64 })
  paramsHash: string;

  @TextColumn({ nullable: false })
  params: string;

  @Column({ type: 'varchar', length: 300 })
  notifyUrl: string;

  @Column({ type: 'varchar', length: 24 })
  state: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  failReason: string | null;

  @TextColumn({ nullable: false })
  packageInfo: string;

  /** Times are the simulator's clock (tests move it forward). */
  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  updatedAt: Date;

  @Column({ type: 'int', default: 0 })
  callbacksSent: number;
}
