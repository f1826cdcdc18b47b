import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { breakLines } from "../../server/documents/pdf/line-breaking";

// One unit per character (code point): the tests read like a grid of full-width cells.
const cells = (text: string) => Array.from(text).length;
const lines = (text: string, width: number) => breakLines(text, width, cells);

// Kinsoku sets, written out independently of the implementation's.
const MUST_NOT_START = Array.from("、。，．）」』】〕・：；！？ーっゃゅょァィッャ々ゝ％");
const MUST_NOT_END = Array.from("（「『【〔〒");

describe("Japanese line breaking", () => {
  it("breaks between any two Japanese characters", () => {
    assert.deepEqual(lines("あいうえおかきくけこ", 4), ["あいうえ", "おかきく", "けこ"]);
  });

  it("never starts a line with 。 or a closing bracket: the character before goes over with it", () => {
    assert.deepEqual(lines("あいう。えお", 3), ["あい", "う。え", "お"]);
    assert.deepEqual(lines("あいう」え", 3), ["あい", "う」え"]);
    assert.deepEqual(lines("ラーメン", 3), ["ラーメ", "ン"]);
    assert.deepEqual(lines("あいうっと", 3), ["あい", "うっと"]);
    // also across a space (found by the generated paragraphs below)
    assert.deepEqual(lines("字字字 。字", 4), ["字字", "字 。字"]);
  });

  it("never ends a line with an opening bracket or 〒", () => {
    assert.deepEqual(lines("あい「うえ」", 3), ["あい", "「う", "え」"]);
    assert.deepEqual(lines("住所〒900-0006", 10), ["住所", "〒900-0006"]);
  });

  it("keeps Latin words and numbers whole, breaking at spaces, and 、 with the word before it", () => {
    assert.deepEqual(lines("血圧 130/80 mmHg、脈拍", 10), ["血圧 130/80", "mmHg、脈拍"]);
    assert.deepEqual(lines("eGFR 58 mL/min/1.73m2", 14), ["eGFR 58", "mL/min/1.73m2"]);
  });

  it("splits a word longer than a whole line by characters", () => {
    assert.deepEqual(lines("https://example.jp/abc", 8), ["https://", "example.", "jp/abc"]);
  });

  it("treats a surrogate pair (𠮷) as one character", () => {
    assert.deepEqual(lines("𠮷田真理子", 2), ["𠮷田", "真理", "子"]);
  });

  it("keeps explicit line breaks and blank lines", () => {
    assert.deepEqual(lines("あ\n\nい\r\nう", 5), ["あ", "", "い", "う"]);
    assert.deepEqual(lines("", 5), [""]);
  });

  it("holds its rules over many generated paragraphs", () => {
    const pool = [
      ..."あいうえお漢字仮名脳梗塞疑い".split(""),
      ...MUST_NOT_START,
      ...MUST_NOT_END,
      " ",
      "mmHg",
      "130/80",
      "I63.9",
    ];
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 300; n++) {
      let text = "";
      for (let k = 0; k < 5 + Math.floor(random() * 60); k++) {
        let piece = pool[Math.floor(random() * pool.length)]!;
        // no two kinsoku characters in a row: chains longer than a line are split by force
        if ([...MUST_NOT_START, ...MUST_NOT_END].includes(piece)) piece += "字";
        text += piece;
      }
      const width = 8 + (n % 12);
      const result = lines(text, width);
      assert.equal(result.join("").replace(/ /g, ""), text.replace(/ /g, ""), text);
      result.forEach((line, i) => {
        assert.ok(cells(line) <= width, `too wide: ${line}`);
        if (i > 0) assert.ok(!MUST_NOT_START.includes(Array.from(line)[0]!), `starts: ${line} in ${text}`);
        if (i < result.length - 1) {
          assert.ok(!MUST_NOT_END.includes(Array.from(line).at(-1)!), `ends: ${line} in ${text}`);
        }
      });
    }
  });
});
