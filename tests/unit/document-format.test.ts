import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ageOn, formatByteSize, formatDate, parseDate, tokyoDate } from "../../server/documents/pdf/format";

describe("document dates and sizes", () => {
  it("dates an instant in Asia/Tokyo, whatever the server's zone", () => {
    assert.deepEqual(tokyoDate("2026-11-20T14:59:59Z"), { year: 2026, month: 11, day: 20 });
    assert.deepEqual(tokyoDate("2026-11-20T15:00:00Z"), { year: 2026, month: 11, day: 21 });
  });

  it("writes the Western date with the Japanese era, the first year of an era as 元年", () => {
    assert.equal(formatDate(parseDate("2026-11-20")), "2026年11月20日（令和8年）");
    assert.equal(formatDate(parseDate("2019-04-30")), "2019年4月30日（平成31年）");
    assert.equal(formatDate(parseDate("2019-05-01")), "2019年5月1日（令和元年）");
    assert.equal(formatDate(parseDate("1989-01-07")), "1989年1月7日（昭和64年）");
    assert.equal(formatDate(parseDate("1989-01-08")), "1989年1月8日（平成元年）");
    assert.equal(formatDate(parseDate("1948-03-15"), { era: false }), "1948年3月15日");
  });

  it("counts full years of age, the birthday itself included", () => {
    const birth = parseDate("1948-03-15");
    assert.equal(ageOn(birth, parseDate("2026-03-14")), 77);
    assert.equal(ageOn(birth, parseDate("2026-03-15")), 78);
    assert.equal(ageOn(birth, parseDate("2026-11-20")), 78);
  });

  it("writes file sizes as file managers do", () => {
    assert.equal(formatByteSize(512), "512 B");
    assert.equal(formatByteSize(182_344), "178.1 KB");
    assert.equal(formatByteSize(5 * 1024 * 1024), "5.0 MB");
  });
});
