// npm run audit:key: adds a new audit HMAC key to the key file (AUDIT_KEY_FILE,
// default DATA_DIR/audit-keys), which becomes the active one; older keys stay
// for verifying older events. `npm run audit:key -- --print` only prints a key
// line for AUDIT_KEYS instead.
import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { auditKeyFile, newAuditKeyLine, parseAuditKeys } from "../server/domain/audit/audit-keys";

const line = newAuditKeyLine();
if (process.argv.includes("--print")) {
  console.log(line);
} else {
  const file = auditKeyFile();
  let existing = "";
  try {
    existing = readFileSync(file, "utf8");
    parseAuditKeys(existing, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const sep = existing && !existing.endsWith("\n") ? "\n" : "";
  appendFileSync(file, `${sep}${line}\n`, { mode: 0o600 });
  console.log(`new active audit key "${line.split(":")[0]}" added to ${file}`);
}
