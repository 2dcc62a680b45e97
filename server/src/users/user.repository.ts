import { Injectable } from '@nestjs/common';
import type { Role } from '@sansui/shared';
import { In, IsNull, Not, type EntityManager } from 'typeorm';
import { User } from './user.entity';

/** A staff member as the modules that notify, assign or escalate need them. */
export type StaffMember = Pick<User, 'id' | 'displayName' | 'roles' | 'departmentId'>;

/** Queries on `users` that other folders ask (names, staff to notify, the fraud signals of docs/domain.md §8), each in the caller's transaction. */
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

  /** Departments of staff accounts carrying this phone number (a handler reporting as a resident), in the caller's transaction. */
  async staffDepartmentsWithPhone(em: EntityManager, phone: string): Promise<number[]> {
    const rows = await em
      .getRepository(User)
      .find({ where: { kind: 'staff', phone, departmentId: Not(IsNull()) }, select: { id: true, departmentId: true } });
    return rows.map((r) => r.departmentId).filter((d): d is number => d !== null);
  }

  /** The staff accounts of a department, with their phone numbers. */
  async staffOfDepartment(em: EntityManager, departmentId: number): Promise<{ userId: number; phone: string | null }[]> {
    const rows: { id: number; phone: string | null }[] = await em.query(
      "SELECT id, phone FROM users WHERE kind = 'staff' AND departmentId = ?",
      [departmentId],
    );
    return rows.map((r) => ({ userId: Number(r.id), phone: r.phone }));
  }

  /** A staff account without roles or password that stands for an outside system (an Open311 client). */
  createSystemAccount(em: EntityManager, a: { username: string; displayName: string }): Promise<User> {
    const repo = em.getRepository(User);
    return repo.save(
      repo.create({ kind: 'staff', username: a.username, displayName: a.displayName, roles: [], departmentId: null, active: true }),
    );
  }

  /** The account row, read in the caller's transaction. */
  byId(em: EntityManager, id: number): Promise<User | null> {
    return em.getRepository(User).findOne({ where: { id } });
  }

  /** Name, openid and phone of these accounts, in one read (a payee list masks or shows them). */
  payeeFacts(em: EntityManager, ids: readonly number[]): Promise<Pick<User, 'id' | 'displayName' | 'openid' | 'phone'>[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return em.getRepository(User).find({ where: { id: In([...ids]) }, select: { id: true, displayName: true, openid: true, phone: true } });
  }

  /** Every active staff account, by id. */
  activeStaff(em: EntityManager): Promise<StaffMember[]> {
    return em.getRepository(User).find({
      where: { kind: 'staff', active: true },
      select: { id: true, displayName: true, roles: true, departmentId: true },
      order: { id: 'ASC' },
    });
  }

  /** The active staff accounts among these ids (an id that is not one is absent). */
  activeStaffAmong(em: EntityManager, ids: readonly number[]): Promise<StaffMember[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return em.getRepository(User).find({
      where: { id: In([...ids]), kind: 'staff', active: true },
      select: { id: true, displayName: true, roles: true, departmentId: true },
      order: { id: 'ASC' },
    });
  }

  /** Active staff of a department holding `role`, by name then id. */
  departmentStaffWithRole(em: EntityManager, departmentId: number, role: Role): Promise<StaffMember[]> {
    return (
      em
        .getRepository(User)
        .createQueryBuilder('u')
        .select(['u.id', 'u.displayName', 'u.roles', 'u.departmentId'])
        .where("u.kind = 'staff' AND u.active = :active AND u.departmentId = :departmentId", { active: true, departmentId })
        // roles is a JSON array stored as text on both databases: match the quoted role name.
        .andWhere('u.roles LIKE :role', { role: `%"${role}"%` })
        .orderBy('u.displayName', 'ASC')
        .addOrderBy('u.id', 'ASC')
        .getMany()
    );
  }

  /** Display names by id, in one read; an unknown id is absent from the map. */
  async displayNames(em: EntityManager, ids: readonly (number | null | undefined)[]): Promise<Map<number, string>> {
    const wanted = [...new Set(ids.filter((x): x is number => typeof x === 'number'))];
    if (wanted.length === 0) return new Map();
    const rows = await em.getRepository(User).find({ where: { id: In(wanted) }, select: { id: true, displayName: true } });
    return new Map(rows.map((u) => [u.id, u.displayName]));
  }

  /** Active staff ids that can get a WeCom push: the one person, or every member of the department. */
  async wecomRecipients(em: EntityManager, to: { userId: number } | { departmentId: number }): Promise<number[]> {
    const qb = em
      .getRepository(User)
      .createQueryBuilder('u')
      .select(['u.id'])
      .where("u.kind = 'staff'")
      .andWhere('u.active = :active', { active: true })
      .andWhere('u.wecomUserId IS NOT NULL');
    if ('userId' in to) qb.andWhere('u.id = :id', { id: to.userId });
    else qb.andWhere('u.departmentId = :dept', { dept: to.departmentId });
    return (await qb.getMany()).map((u) => u.id);
  }

  /** The account's WeChat openid (null for staff, a deleted account or an unknown id): the content checks ask for it. */
  async openidOf(em: EntityManager, id: number): Promise<string | null> {
    // Fixed text: read once per resident report, for its image check.
    const [row]: { openid: string | null }[] = await em.query('SELECT openid FROM users WHERE id = ?', [id]);
    return row?.openid ?? null;
  }

  /** openidOf for several accounts in one statement (the image checks of the reports queued together). */
  async openidsOf(em: EntityManager, ids: readonly number[]): Promise<Map<number, string | null>> {
    const rows: { id: number | string; openid: string | null }[] = ids.length
      ? await em.query(`SELECT id, openid FROM users WHERE id IN (${ids.map(() => '?').join(', ')})`, [...ids])
      : [];
    const found = new Map(rows.map((r) => [Number(r.id), r.openid]));
    return new Map(ids.map((id) => [id, found.get(id) ?? null]));
  }

  /** What a delivery needs to know of an account: the resident's openid (or deletion), the staff member's WeCom id. */
  deliveryFacts(em: EntityManager, id: number): Promise<Pick<User, 'id' | 'openid' | 'deletedAt' | 'active' | 'wecomUserId'> | null> {
    return em
      .getRepository(User)
      .findOne({ where: { id }, select: { id: true, openid: true, deletedAt: true, active: true, wecomUserId: true } });
  }
}
