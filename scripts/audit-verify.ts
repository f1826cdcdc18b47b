// npm run audit:verify: walks the audit log's keyed hash chain, compares it with
// the checkpoint file (AUDIT_CHECKPOINT_FILE, default DATA_DIR/audit-checkpoints.jsonl),
// checks the append-only triggers, and names every finding. Exit code 0 when
// intact, 1 when not.
import { getDatabase } from "../server/db/client";
import { auditRoleWarnings } from "../server/db/runtime-role";
import { auditCheckpointFile } from "../server/domain/audit/checkpoint-file";
import { verifyAuditChain } from "../server/domain/audit/verify-audit-chain";

const database = await getDatabase();
const checkpointFile = auditCheckpointFile();
const started = Date.now();
const verdict = await verifyAuditChain(database.db, { checkpointFile });
const ms = Date.now() - started;
if (verdict.ok) {
  const keyed = verdict.keyedFromSeq === null ? "no keyed events" : `keyed from #${verdict.keyedFromSeq}`;
  console.log(
    `audit chain intact: ${verdict.events} events (${keyed}), last #${verdict.lastSeq} ${verdict.lastHash.slice(0, 16)}…, ${verdict.checkpoints} checkpoints in ${checkpointFile} agree${verdict.pending ? `, ${verdict.pending} events not linked yet` : ""} (${ms} ms)`,
  );
} else {
  console.error(
    `audit chain BROKEN: ${verdict.findings.length} finding(s) (${verdict.events} events verified before the first break)`,
  );
  for (const f of verdict.findings) console.error(`  [${f.kind}] ${f.message}`);
}
if (database.kind === "postgres")
  for (const warning of await auditRoleWarnings(database.db)) console.warn(`warning: ${warning}`);
await database.close();
process.exit(verdict.ok ? 0 : 1);
