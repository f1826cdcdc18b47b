import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findControlCharacter } from "../../server/model/text";

describe("findControlCharacter: the backstop behind every parsed input", () => {
  it("passes clean input, tabs and line breaks included, and looks into no class instance", () => {
    assert.equal(findControlCharacter({ a: [{ b: "行\n\tです" }, 3, null], c: true }), null);
    assert.equal(findControlCharacter(new Date()), null);
    assert.equal(findControlCharacter([]), null);
  });

  it("names the first field holding a control character, however deep", () => {
    assert.equal(findControlCharacter("a\u0000b"), "(input)");
    assert.equal(findControlCharacter({ a: [{ b: "ok" }, { b: "x\u0007" }] }), "a.1.b");
    assert.equal(findControlCharacter({ a: "ok", b: { c: ["ok", "\u2028"] } }), "b.c.1");
  });

  it("names a key holding one, the character shown as ?", () => {
    assert.equal(findControlCharacter({ a: { "k\u0001y": 1 } }), "a.k?y");
  });
});
