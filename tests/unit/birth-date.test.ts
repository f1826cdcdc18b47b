import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatBirthDate } from "../../app/i18n";

describe("birth dates on screen", () => {
  it("carry the era year in Japanese, as the letters print them", () => {
    assert.equal(formatBirthDate("1948-03-05", "ja"), "1948年3月5日（昭和23年）");
    assert.equal(formatBirthDate("1989-01-07", "ja"), "1989年1月7日（昭和64年）");
    assert.equal(formatBirthDate("1989-01-08", "ja"), "1989年1月8日（平成元年）");
    assert.equal(formatBirthDate("2019-05-01", "ja"), "2019年5月1日（令和元年）");
  });

  it("stay plain in English", () => {
    assert.equal(formatBirthDate("1948-03-05", "en"), "05/03/1948");
  });
});
