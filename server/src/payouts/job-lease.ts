import type { DataSource } from 'typeorm';
import { JobLease } from './job-lease.entity';

/**
 * Takes (or renews) the lease `name` for `ms` if it is free, expired or already ours. A conditional
 * UPDATE decides, so two instances never both hold it.
 */
export async function acquireLease(db: DataSource, name: string, owner: string, ms: number, now = new Date()): Promise<boolean> {
  const repo = db.getRepository(JobLease);
  await repo
    .createQueryBuilder()
    .insert()
    .values({ name, owner: '', leaseUntil: new Date(0) })
    .orIgnore()
    .execute();
  const res = await repo
    .createQueryBuilder()
    .update()
    .set({ owner, leaseUntil: new Date(now.getTime() + ms) })
    .where('name = :name AND (leaseUntil < :now OR owner = :owner)', { name, now, owner })
    .execute();
  return (res.affected ?? 0) > 0;
}

export async function releaseLease(db: DataSource, name: string, owner: string): Promise<void> {
  await db
    .getRepository(JobLease)
    .createQueryBuilder()
    .update()
    .set({ leaseUntil: new Date(0) })
    .where('name = :name AND owner = :owner', { name, owner })
    .execute();
}
