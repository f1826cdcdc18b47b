import { sql } from "drizzle-orm";
import { queryRows, type Db } from "./handle";

/**
 * The app's runtime role (DATABASE_URL) is not the owner of the tables: it gets
 * exactly the privileges the use cases need, granted by the owner
 * (DATABASE_MIGRATION_URL) after each migration. On the audit log it may read,
 * append and seal a pending event's links (prev_hash, hash; the trigger allows
 * that once), nothing else: no other UPDATE, no DELETE or TRUNCATE, and, not being the
 * owner, it cannot disable or drop the append-only triggers either.
 */
export const AUDIT_TABLE = "audit_events";

/** The role a postgres:// URL signs in as. */
export function roleOfUrl(url: string): string {
  const role = decodeURIComponent(new URL(url).username);
  if (!role) throw new Error("DATABASE_URL names no role (postgres://ROLE:password@host/db)");
  return role;
}

// one grant at a time per cluster: two nodes starting together would otherwise
// collide on the catalog rows ("tuple concurrently updated")
const GRANT_LOCK = 0x0a0d18;

/**
 * Run as the owner: creates the runtime role when it does not exist (the owner
 * needs CREATEROLE for that; otherwise an administrator creates it once) and
 * grants it the app's privileges on every table in the schema, minus changing
 * the audit log. Idempotent; run after every migration so new tables are covered.
 */
export async function grantRuntimeRole(owner: Db, runtimeUrl: string): Promise<void> {
  const role = roleOfUrl(runtimeUrl);
  const password = decodeURIComponent(new URL(runtimeUrl).password);
  await owner.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${GRANT_LOCK})`);
    const [me] = await queryRows<{ name: string; tableOwner: string | null }>(
      tx,
      sql`select current_user as name,
            (select tableowner from pg_tables where schemaname = 'public' and tablename = ${AUDIT_TABLE}) as "tableOwner"`,
    );
    if (me?.name === role)
      throw new Error(
        "DATABASE_URL and DATABASE_MIGRATION_URL sign in as the same role: the app would own the audit log",
      );
    const [existing] = await queryRows<{ superuser: boolean; memberOfOwner: boolean }>(
      tx,
      sql`select rolsuper as superuser,
            coalesce(pg_has_role(rolname, ${me?.tableOwner ?? me?.name ?? ""}, 'MEMBER'), false) as "memberOfOwner"
          from pg_roles where rolname = ${role}`,
    );
    if (!existing) {
      const [create] = await queryRows<{ statement: string }>(
        tx,
        password
          ? sql`select format('create role %I login password %L', ${role}::text, ${password}::text) as statement`
          : sql`select format('create role %I login', ${role}::text) as statement`,
      );
      await tx.execute(sql.raw(create!.statement));
    } else if (existing.superuser || existing.memberOfOwner) {
      throw new Error(
        `the runtime role "${role}" is a superuser or a member of the owner: it could rewrite the audit log`,
      );
    }
    const [stmts] = await queryRows<{ connect: string; ident: string }>(
      tx,
      sql`select format('grant connect on database %I to %I', current_database(), ${role}::text) as connect,
                 format('%I', ${role}::text) as ident`,
    );
    const r = stmts!.ident;
    await tx.execute(sql.raw(stmts!.connect));
    await tx.execute(sql.raw(`grant usage on schema public to ${r}`));
    await tx.execute(sql.raw(`grant select, insert, update, delete on all tables in schema public to ${r}`));
    await tx.execute(sql.raw(`grant usage, select on all sequences in schema public to ${r}`));
    await tx.execute(
      sql.raw(`revoke update, delete, truncate, trigger, references on ${AUDIT_TABLE} from ${r}`),
    );
    // the chaining writer seals pending events: only their two link columns, and the
    // append-only trigger lets that happen once per event and nothing else
    await tx.execute(sql.raw(`grant update (prev_hash, hash) on ${AUDIT_TABLE} to ${r}`));
  });
}

/**
 * What the role this handle signs in as could do to the audit log, in words,
 * for the start-up log and `audit:verify`. Empty when it can only read and append.
 */
export async function auditRoleWarnings(db: Db): Promise<string[]> {
  const [row] = await queryRows<{
    role: string;
    superuser: boolean;
    owner: boolean;
    update: boolean;
    delete: boolean;
    truncate: boolean;
  }>(
    db,
    sql`select current_user as role,
          (select rolsuper from pg_roles where rolname = current_user) as superuser,
          pg_has_role(current_user, t.tableowner, 'MEMBER') as owner,
          has_table_privilege(current_user, ${AUDIT_TABLE}, 'UPDATE') as update,
          has_table_privilege(current_user, ${AUDIT_TABLE}, 'DELETE') as delete,
          has_table_privilege(current_user, ${AUDIT_TABLE}, 'TRUNCATE') as truncate
        from pg_tables t where t.schemaname = 'public' and t.tablename = ${AUDIT_TABLE}`,
  );
  if (!row) return [];
  const warnings: string[] = [];
  if (row.superuser) warnings.push(`the database role "${row.role}" is a superuser`);
  else if (row.owner) warnings.push(`the database role "${row.role}" owns the audit log`);
  const rights = (["update", "delete", "truncate"] as const).filter((p) => row[p]);
  if (!row.superuser && !row.owner && rights.length)
    warnings.push(`the database role "${row.role}" may ${rights.join(", ")} audit events`);
  return warnings;
}
