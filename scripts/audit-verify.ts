// npm run audit:verify: walks the audit log's hash chain and names the first
// broken link. Exit code 0 when intact, 1 when broken.
import { getDatabase } from "../server/db/client";
import { verifyAuditChain } from "../server/domain/audit/verify-audit-chain";

const database = await getDatabase();
const started = Date.now();
const verdict = await verifyAuditChain(database.db);
const ms = Date.now() - started;
if (verdict.ok) {
  console.log(
    `audit chain intact: ${verdict.events} events, last #${verdict.lastSeq} ${verdict.lastHash.slice(0, 16)}… (${ms} ms)`,
  );
} else {
  console.error(
    `audit chain BROKEN at event #${verdict.brokenAtSeq}: ${verdict.reason} (${verdict.events} events verified before it)`,
  );
}
await database.close();
process.exit(verdict.ok ? 0 : 1);
