import type { ExtractTablesWithRelations, SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type * as schema from "./schema";

/** The handle's types and the one raw-query helper, apart from client.ts so that what client.ts uses can import them. */
export type Schema = typeof schema;
/** The database or a transaction on it: use cases take either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

/** Rows of a raw SQL query; both drivers answer `{ rows }`. */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}

interface PreparedRaw {
  execute(values: Record<string, unknown>): Promise<unknown>;
}
interface DbInternals {
  dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
  session: {
    prepareQuery(
      query: { sql: string; params: unknown[] },
      fields: undefined,
      name: string,
      isResponseInArrayMode: boolean,
    ): PreparedRaw;
  };
}

/** Whether a handle is a transaction (drizzle's transaction has rollback; the bare database has not). */
export function inTransaction(db: Db): boolean {
  return typeof (db as { rollback?: unknown }).rollback === "function";
}

/**
 * A raw statement for a hot path, its SQL built once (values come as
 * `sql.placeholder("name")`) and prepared by `name`: node-postgres parses and
 * plans it once per connection, later runs send only the values. `name` must be
 * unique in the process. Use it with the database, not a transaction.
 */
export function preparedRows<T extends Record<string, unknown>>(name: string, query: SQL) {
  const prepared = new WeakMap<Db, PreparedRaw>();
  return async (db: Db, values: Record<string, unknown>): Promise<T[]> => {
    let statement = prepared.get(db);
    if (!statement) {
      const internals = db as unknown as DbInternals;
      statement = internals.session.prepareQuery(internals.dialect.sqlToQuery(query), undefined, name, false);
      prepared.set(db, statement);
    }
    const result = (await statement.execute(values)) as { rows: T[] };
    return result.rows;
  };
}
