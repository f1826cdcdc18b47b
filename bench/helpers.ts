// Shared by the benchmarks: one quantile definition, and the Actor of a seeded demo user.
import { eq } from "drizzle-orm";
import type { Database } from "../server/db/client";
import { practitioners } from "../server/db/schema";
import type { Actor } from "../server/auth/permissions";

/** Nearest-rank quantile of an ascending list (q = 0.5 for the median, 0.95 for p95). */
export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export async function actorFor(database: Database, loginId: string): Promise<Actor> {
  const [p] = await database.db.select().from(practitioners).where(eq(practitioners.loginId, loginId));
  if (!p) throw new Error(`no seeded practitioner ${loginId}`);
  return {
    practitionerId: p.id,
    facilityId: p.facilityId,
    profession: p.profession,
    roles: p.roles,
    sessionId: null,
    ip: "",
  };
}
