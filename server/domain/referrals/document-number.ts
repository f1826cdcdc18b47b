import { sql } from "drizzle-orm";
import { inTransaction, preparedRows, type Db } from "../../db/client";
import { documentCounters } from "../../db/schema";

// made once: a formatter costs more to make than to use
const TOKYO_YEAR = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo", year: "numeric" });

// One statement, committed on its own. Its commit does not wait for the WAL flush
// (synchronous_commit off, for this statement only), so the counter row is held for
// microseconds, not for a disk sync: safe, because a send that uses the number
// commits synchronously later, which flushes this increment with it; an increment
// lost in a crash is one whose number no committed document carries.
const takeNumber = preparedRows<{ last: number }>(
  "next_document_number",
  sql`insert into ${documentCounters} (facility_id, year, last)
      select ${sql.placeholder("facilityId")}::uuid, ${sql.placeholder("year")}::int, 1
      from (select set_config('synchronous_commit', 'off', true)) as async_commit
      on conflict (facility_id, year) do update set last = ${documentCounters}.last + 1
      returning last`,
);

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
  // inside a transaction the asynchronous commit of takeNumber would apply to all of it
  if (inTransaction(db)) throw new Error("nextDocumentNumber takes the database, not a transaction");
  const year = Number(TOKYO_YEAR.format(at));
  const [row] = await takeNumber(db, { facilityId, year });
  return `${year}-${String(row!.last).padStart(6, "0")}`;
}
