import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { inflateSync } from "node:zlib";
import { describe, it } from "node:test";
import { fhirBase, recordUrl, urlUnderFhirBase } from "../../server/domain/records/record-url";
import { safeContentType } from "../../server/domain/records/record-cache";
import { escapeHtml } from "../../server/demo/records/demo-record-server";
import { syntheticPng } from "../../server/demo/records/synthetic-png";
import { demoRecordUrls } from "../../server/demo/records/urls";
import { parseEnv } from "../../server/env";

describe("shared records: addresses", () => {
  it("fills the local ID into a viewer template, encoded, and lets only web addresses out", () => {
    assert.equal(
      recordUrl("https://emr.example.jp/view/{localId}", "H 1/2"),
      "https://emr.example.jp/view/H%201%2F2",
    );
    assert.equal(
      recordUrl("https://emr.example.jp/view?x=1", "H1"),
      "https://emr.example.jp/view?x=1&patient=H1",
    );
    assert.equal(
      recordUrl(demoRecordUrls("http://127.0.0.1:4010", "0610000001").viewer, "0012345"),
      "http://127.0.0.1:4010/facilities/0610000001/viewer?patient=0012345",
    );
    for (const bad of [
      "javascript:alert(1)//{localId}",
      "data:text/html,{localId}",
      "ftp://emr.example.jp/{localId}",
      "https://user:pw@emr.example.jp/{localId}",
      "not a url {localId}",
    ]) {
      assert.throws(() => recordUrl(bad, "H1"), bad);
    }
  });

  it("keeps a fetched address inside the facility's FHIR base", () => {
    const base = "https://emr.example.jp:8443/r4";
    assert.equal(fhirBase(base)?.toString(), "https://emr.example.jp:8443/r4/");
    assert.equal(fhirBase("https://emr.example.jp/r4?x=1"), null);
    assert.equal(fhirBase("ftp://emr.example.jp/r4"), null);
    assert.equal(urlUnderFhirBase(base, "Binary/1"), "https://emr.example.jp:8443/r4/Binary/1");
    assert.equal(urlUnderFhirBase(`${base}/`, "Binary/1#x"), "https://emr.example.jp:8443/r4/Binary/1");
    assert.equal(
      urlUnderFhirBase(base, "https://emr.example.jp:8443/r4/Binary/2?_format=png"),
      "https://emr.example.jp:8443/r4/Binary/2?_format=png",
    );
    for (const outside of [
      "https://emr.example.jp/r4/Binary/1", // another port
      "http://emr.example.jp:8443/r4/Binary/1", // another scheme
      "https://emr.example.jp:8443/r40/Binary/1", // a sibling path with the same prefix
      "https://emr.example.jp:8443/r4", // the base itself
      "../admin/Binary/1",
      "/etc/passwd",
      "//evil.example/r4/Binary/1",
      "https://evil.example/r4/Binary/1",
      "https://user@emr.example.jp:8443/r4/Binary/1",
      "Binary/%2e%2e/%2e%2e/admin",
      "Binary/..%2fadmin",
      "javascript:alert(1)",
      "",
    ]) {
      assert.equal(urlUnderFhirBase(base, outside), null, outside);
    }
  });

  it("serves a facility's file only as a type a browser shows inertly", () => {
    assert.equal(safeContentType("image/png"), "image/png");
    assert.equal(safeContentType("Application/PDF; charset=binary"), "application/pdf");
    for (const t of ["text/html", "image/svg+xml", "application/javascript", "text/xml", "", null]) {
      assert.equal(safeContentType(t), "application/octet-stream", String(t));
    }
  });

  it("escapes the demo viewer's page text", () => {
    assert.equal(
      escapeHtml(`<a href="x" onclick='y'>&</a>`),
      "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
  });

  it("makes a valid PNG of the size announced, the same every time", async () => {
    const read = async (bytes: number, seed: number) => {
      const { size, stream } = syntheticPng(bytes, seed);
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(c as Buffer);
      return { size, png: Buffer.concat(chunks) };
    };
    const { size, png } = await read(400_000, 7);
    assert.equal(png.length, size);
    assert.ok(Math.abs(size - 400_000) < 2_000, `${size} bytes`);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    // the zlib stream (with its Adler-32) inflates to exactly one filter byte and `width` pixels per row
    const idat: Buffer[] = [];
    for (let at = 8; at < png.length;) {
      const length = png.readUInt32BE(at);
      if (png.toString("latin1", at + 4, at + 8) === "IDAT") idat.push(png.subarray(at + 8, at + 8 + length));
      at += 12 + length;
    }
    assert.equal(inflateSync(Buffer.concat(idat)).length, height * (width + 1));
    const again = await read(400_000, 7);
    assert.equal(
      createHash("sha1").update(again.png).digest("hex"),
      createHash("sha1").update(png).digest("hex"),
    );
  });

  it("reads the record settings, with their defaults", () => {
    const settings = (vars: Record<string, string>) => parseEnv({ NODE_ENV: "test", ...vars });
    const e = settings({});
    assert.equal(e.RECORD_FETCH_TIMEOUT_MS, 4000);
    assert.equal(e.RECORD_FETCH_MAX_BYTES, 2 * 1024 * 1024);
    assert.equal(e.RECORD_CACHE_TTL_MINUTES, 60);
    assert.equal(e.RECORD_ITEM_MAX_BYTES, 200 * 1024 * 1024);
    assert.equal(e.DEMO_RECORDS_PORT, 4010);
    assert.equal(e.DEMO_RECORDS, true, "on with demo data (the embedded database)");
    assert.equal(settings({ DATABASE_URL: "postgres://x/y" }).DEMO_RECORDS, false);
    assert.equal(settings({ DATABASE_URL: "postgres://x/y", SEED_DEMO_DATA: "1" }).DEMO_RECORDS, true);
    assert.throws(() => settings({ RECORD_FETCH_TIMEOUT_MS: "10" }), /RECORD_FETCH_TIMEOUT_MS/);
    assert.throws(() => settings({ DEMO_RECORDS_URL: "javascript:x" }), /DEMO_RECORDS_URL/);
  });
});
