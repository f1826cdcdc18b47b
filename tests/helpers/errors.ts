import assert from "node:assert/strict";
import { DomainError } from "../../server/errors";

/** For assert.rejects: the use case failed with this DomainError code, and named `field` when given. */
export const expectDomainError = (code: string, field?: string) => (e: unknown) => {
  assert.ok(e instanceof DomainError, `expected DomainError ${code}, got ${String(e)}`);
  assert.equal(e.code, code);
  if (field)
    assert.ok(
      e.fields.some((f) => f.field === field),
      `expected a message for ${field}`,
    );
  return true;
};
