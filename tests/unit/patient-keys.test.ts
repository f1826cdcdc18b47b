import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isKana, normalizeKana, normalizeName } from "../../server/domain/patients/normalize";
import {
  formatRegionalId,
  isValidRegionalId,
  luhnCheckDigit,
} from "../../server/domain/patients/regional-id";

describe("name search keys", () => {
  it("folds hiragana, half-width kana and spaces into one katakana key", () => {
    assert.equal(normalizeKana("やまだ　たろう"), "ヤマダタロウ");
    assert.equal(normalizeKana("ﾔﾏﾀﾞ ﾀﾛｳ"), "ヤマダタロウ");
    assert.equal(normalizeKana("ヤマダタロウ"), "ヤマダタロウ");
  });
  it("keeps kanji and removes spaces of every width", () => {
    assert.equal(normalizeName("山田　太郎"), "山田太郎");
    assert.equal(normalizeName(" 山田 太郎 "), "山田太郎");
  });
  it("tells a reading from a written name", () => {
    assert.equal(isKana("やまだ"), true);
    assert.equal(isKana("ヤマダ"), true);
    assert.equal(isKana("山田"), false);
    assert.equal(isKana(""), false);
  });
});

describe("regional patient IDs", () => {
  it("round-trips and carries a Luhn check digit", () => {
    const id = formatRegionalId(123);
    assert.match(id, /^OK00000123\d$/);
    assert.equal(isValidRegionalId(id), true);
    assert.equal(luhnCheckDigit("7992739871"), 3); // the textbook Luhn example
  });
  it("catches any single mistyped digit", () => {
    const id = formatRegionalId(4567);
    for (let pos = 2; pos < id.length; pos++) {
      const d = Number(id[pos]);
      const wrong = id.slice(0, pos) + String((d + 1) % 10) + id.slice(pos + 1);
      assert.equal(isValidRegionalId(wrong), false, wrong);
    }
  });
});
