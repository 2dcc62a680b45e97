import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Queries on `users` that other folders ask (the fraud signals of docs/domain.md §8), each in the caller's transaction. */
@Injectable()
export class UserRepository {
  /** Other resident accounts (not deleted) carrying this phone number, by id. */
  async otherResidentsWithPhone(em: EntityManager, phone: string, exceptUserId: number): Promise<number[]> {
    const rows: { id: number }[] = await em.query(
      "SELECT id FROM users WHERE phone = ? AND id <> ? AND kind = 'resident' AND deletedAt IS NULL ORDER BY id",
      [phone, exceptUserId],
    );
    return rows.map((r) => Number(r.id));
  }

  /** The staff accounts of a department, with their phone numbers. */
  async staffOfDepartment(em: EntityManager, departmentId: number): Promise<{ userId: number; phone: string | null }[]> {
    const rows: { id: number; phone: string | null }[] = await em.query(
      "SELECT id, phone FROM users WHERE kind = 'staff' AND departmentId = ?",
      [departmentId],
    );
    return rows.map((r) => ({ userId: Number(r.id), phone: r.phone }));
  }
}
