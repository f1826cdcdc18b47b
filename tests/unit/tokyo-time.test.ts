import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tokyoInstant } from "../../app/lib/tokyo-time";

describe("a form's Japan time becomes an instant with its offset", () => {
  it("adds seconds where missing and the +09:00 offset, naming the same instant whatever TZ the server runs in", () => {
    assert.equal(tokyoInstant("2026-12-10T18:30"), "2026-12-10T18:30:00+09:00");
    assert.equal(tokyoInstant("2026-12-10T18:30:15"), "2026-12-10T18:30:15+09:00");
    assert.equal(new Date(tokyoInstant("2026-12-10T18:30")).toISOString(), "2026-12-10T09:30:00.000Z");
  });
  it("passes anything else on unchanged, for the domain to refuse on its field", () => {
    for (const other of [
      "",
      "18:30",
      "2026-12-10",
      "2026-12-10T18:30:00Z",
      "2026-12-10T18:30+09:00",
      "明日",
    ]) {
      assert.equal(tokyoInstant(other), other);
    }
  });
});
