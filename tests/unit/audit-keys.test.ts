import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { AuditKeyError, newAuditKeyLine, parseAuditKeys } from "../../server/domain/audit/audit-keys";
import { GENESIS_HASH, hashAuditEvent, sealAuditEvent } from "../../server/domain/audit/chain";

const k = (bytes = 32) => randomBytes(bytes).toString("base64url");
const event = {
  seq: 1,
  occurredAt: new Date("2026-12-06T00:00:00Z"),
  actorId: null,
  actorFacilityId: null,
  patientId: null,
  action: "auth.sign_in",
  purpose: "security",
  outcome: "success",
  details: { b: 1, a: 2 },
  ip: "",
  prevHash: GENESIS_HASH,
};

describe("audit keys", () => {
  it("reads id:key entries from a setting or a file; the last one is active", () => {
    const ring = parseAuditKeys(`# rotated 2026-12\nold:${k()}\n\nnew:${k()}\n`, "file");
    assert.equal(ring.active.id, "new");
    assert.deepEqual(ring.ids, ["old", "new"]);
    assert.equal(parseAuditKeys(`a:${k()},b:${k()}`, "AUDIT_KEYS").active.id, "b");
    assert.equal(parseAuditKeys(newAuditKeyLine(), "generated").active.secret.length, 32);
  });

  it("refuses short keys, bad ids, repeated ids and an empty list, naming the source", () => {
    for (const text of [`a:${k(16)}`, `bad id:${k()}`, `a:${k()},a:${k()}`, "# nothing", k()]) {
      assert.throws(
        () => parseAuditKeys(text, "AUDIT_KEYS"),
        (e: unknown) => {
          assert.ok(e instanceof AuditKeyError);
          assert.match(e.message, /^AUDIT_KEYS: /);
          return true;
        },
      );
    }
  });

  it("seals with the key and its id; the legacy hash is unchanged by keying", () => {
    const a = { id: "a", secret: randomBytes(32) };
    const b = { id: "b", secret: Buffer.from(a.secret) };
    assert.equal(hashAuditEvent(event), hashAuditEvent({ ...event, details: { a: 2, b: 1 } }));
    assert.notEqual(sealAuditEvent(event, a), hashAuditEvent(event));
    // the same secret under another id is another seal: a row's key id cannot be swapped
    assert.notEqual(sealAuditEvent(event, a), sealAuditEvent(event, b));
    assert.notEqual(sealAuditEvent(event, a), sealAuditEvent({ ...event, outcome: "denied" }, a));
  });
});
