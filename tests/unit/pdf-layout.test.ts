import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { after, describe, it } from "node:test";
import { DocumentLayout, type LayoutOptions } from "../../server/documents/pdf/layout";
import { PdfFile, squeeze } from "../helpers/pdf";

const options: LayoutOptions = {
  title: "退院時サマリ",
  subject: "患者氏名 試験 太郎 様",
  footer: "文書番号 TEST-1",
  draft: false,
  metadata: { title: "退院時サマリ TEST-1", author: "試験病院", createdAt: new Date("2026-11-20T00:00:00Z") },
};

const run = promisify(execFile);

const pdfs: PdfFile[] = [];
after(async () => {
  await Promise.all(pdfs.map((pdf) => pdf.remove()));
});

async function pages(layout: DocumentLayout): Promise<string[]> {
  const pdf = await PdfFile.write(await layout.finish());
  pdfs.push(pdf);
  const count = await pdf.pageCount();
  return Promise.all(Array.from({ length: count }, (_, i) => pdf.text(i + 1)));
}

describe("PDF layout", () => {
  it("continues a long table on the next page with the label (続き) and the header row again", async () => {
    const layout = await DocumentLayout.create(options);
    const rows = Array.from({ length: 90 }, (_, i) => [`検査${i + 1}`, String(i * 7), "mg/dL"]);
    layout.section("検査結果", [
      { kind: "table", columns: [{ header: "検査項目" }, { header: "結果" }, { header: "単位" }], rows },
    ]);
    const text = (await pages(layout)).map(squeeze);
    assert.ok(text.length >= 2, `${text.length} page(s)`);
    for (const [i, page] of text.entries()) {
      assert.ok(page.includes("検査項目結果単位"), `header row on page ${i + 1}`);
      assert.ok(page.endsWith(`${i + 1}/${text.length}`), `footer on page ${i + 1}`);
      if (i > 0) assert.ok(page.includes("検査結果（続き）"), `continued label on page ${i + 1}`);
    }
    const all = text.join("");
    for (let i = 1; i <= 90; i++) assert.ok(all.includes(`検査${i}${(i - 1) * 7}mg/dL`), `row ${i}`);
  });

  // In a child process with a time limit: the failure this guards against is an endless
  // (synchronous) loop, which no timeout inside this process could interrupt.
  it("finishes when one table row is taller than a page (it overflows, the rest continues)", async () => {
    const layoutModule = new URL("../../server/documents/pdf/layout.ts", import.meta.url).href;
    const script = `
      import { DocumentLayout } from ${JSON.stringify(layoutModule)};
      const options = ${JSON.stringify(options)};
      options.metadata.createdAt = new Date(options.metadata.createdAt);
      const layout = await DocumentLayout.create(options);
      const tall = Array.from({ length: 90 }, (_, i) => "行" + i).join("\\n");
      const rows = Array.from({ length: 20 }, (_, i) => ["項目" + i, i === 10 ? tall : "値"]);
      layout.section("経過", [{ kind: "table", columns: [{ header: "項目" }, { header: "内容" }], rows }]);
      process.stdout.write(Buffer.from(await layout.finish()).toString("base64"));
    `;
    const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const pdf = await PdfFile.write(Buffer.from(stdout, "base64"));
    pdfs.push(pdf);
    assert.ok(squeeze(await pdf.text()).includes("項目19値"));
  });
});
