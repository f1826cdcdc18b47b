import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, patientLocalIds } from "../../db/schema";

/**
 * The demo hospitals know the patients the seed gave a local ID there (and any
 * registered since), as a real hospital knows its own patients.
 */
export function seededPatientLookup(db: Db) {
  return async (facilityCode: string, localId: string): Promise<boolean> => {
    const rows = await db
      .select({ one: sql<number>`1` })
      .from(patientLocalIds)
      .innerJoin(facilities, eq(facilities.id, patientLocalIds.facilityId))
      .where(and(eq(facilities.code, facilityCode), eq(patientLocalIds.localId, localId)))
      .limit(1);
    return rows.length > 0;
  };
}
