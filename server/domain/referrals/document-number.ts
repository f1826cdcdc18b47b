import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { documentCounters } from "../../db/schema";

/**
 * The next document number of a facility for the year (Asia/Tokyo), as
 * YYYY-NNNNNN: the last part of the national document identifier
 * (医療機関コード^年^文書番号). An upsert, so concurrent senders never share one.
 */
export async function nextDocumentNumber(tx: Db, facilityId: string, at = new Date()): Promise<string> {
  const year = Number(
    new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo", year: "numeric" }).format(at),
  );
  const [row] = await tx
    .insert(documentCounters)
    .values({ facilityId, year, last: 1 })
    .onConflictDoUpdate({
      target: [documentCounters.facilityId, documentCounters.year],
      set: { last: sql`${documentCounters.last} + 1` },
    })
    .returning({ last: documentCounters.last });
  return `${year}-${String(row!.last).padStart(6, "0")}`;
}
