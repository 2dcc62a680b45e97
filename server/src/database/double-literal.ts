/** A bound value mysql2 writes into the statement's text as it is (its `toSqlString`). */
export interface SqlLiteral {
  toSqlString(): string;
}

/**
 * MariaDB: a number bound as a DOUBLE literal (`3.12304e+1`). mysql2 writes a bound number as `31.2304`, which MariaDB
 * reads as a DECIMAL: beside a DOUBLE column it is converted again for every row compared or computed (the duplicate
 * finder's nearest-20 read spent twice the CPU in mariadbd for it). The exponent form parses to the same double.
 */
export function doubleLiteral(n: number): SqlLiteral {
  if (!Number.isFinite(n)) throw new Error(`doubleLiteral: ${n} is not a finite number`);
  const text = n.toExponential();
  return { toSqlString: () => text };
}
