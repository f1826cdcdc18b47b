import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { documentCounters } from "../../db/schema";

/**
 * The next document number of a facility for the year (Asia/Tokyo), as
 * YYYY-NNNNNN: the last part of the national document identifier
 * (医療機関コード^年^文書番号). An upsert, so concurrent senders never share one.
 *
 * Call it with the bare database, before the sending transaction: the
 * statement commits on its own, so the facility's counter row is locked for
 * that one statement, not for the whole send (issue 16: 20 senders of one
 * clinic queued on it). Numbers stay unique and increase, but a send that
 * fails after taking its number leaves a gap: numbers are identifiers, not a
 * count of documents.
 */
export async function nextDocumentNumber(db: Db, facilityId: string, at = new Date()): Promise<string> {
  const year = Number(
    new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo", year: "numeric" }).format(at),
  );
  const [row] = await db
    .insert(documentCounters)
    .values({ facilityId, year, last: 1 })
    .onConflictDoUpdate({
      target: [documentCounters.facilityId, documentCounters.year],
      set: { last: sql`${documentCounters.last} + 1` },
    })
    .returning({ last: documentCounters.last });
  return `${year}-${String(row!.last).padStart(6, "0")}`;
}
