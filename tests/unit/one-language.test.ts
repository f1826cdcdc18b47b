import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import ts from "typescript";
import { z } from "zod";
import { DomainError, msg } from "../../server/errors";
import { en } from "../../server/model/messages/en";
import { ja } from "../../server/model/messages/ja";
import { isMessageKey, translate, unpackMessage } from "../../server/model/messages";
import { parseInput } from "../../server/validation";
import { messagesFor } from "../../app/i18n";

/**
 * Issue 17, defect 3: no user-facing text shows both languages at once
 * ("病名を入力してください / Enter the diagnosis"). The domain speaks in keys;
 * the catalogs hold one language each; and no string in server/ or app/ joins
 * Japanese and English around " / ", but for the documents meant bilingual below.
 */
const root = path.resolve(import.meta.dirname, "../..");
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]/;
const HOLE = "\u0000";

/** Some " / " with Japanese just before it and an English word (not an ID or code) just after. */
function mixesScripts(text: string): boolean {
  const parts = text.split(" / ");
  for (let i = 1; i < parts.length; i++) {
    const left = parts[i - 1]!;
    const right = parts[i]!.split(HOLE).join(" ");
    if (CJK.test(left) && !CJK.test(right) && /[A-Za-z]{3,}/.test(right)) return true;
  }
  return false;
}

/** Files whose strings are meant bilingual, each with its reason. */
const BILINGUAL_BY_DESIGN: { path: string; text?: string; reason: string }[] = [
  {
    path: "server/documents/",
    reason:
      "PDFs and FHIR documents are Japanese documents by design, with English headings under the Japanese ones (both(ja, en)) for a receiving facility that reads English",
  },
  {
    path: "server/demo/",
    reason: "the demo stands in for a facility's own record system and viewer, not for this app's screens",
  },
  {
    path: "server/domain/pathways/export-pathway-statistics.ts",
    reason:
      "CSV column headers: one header row for every reader and for the statistics tools that import the file",
  },
  {
    path: "server/domain/pathway-meetings/icalendar.ts",
    reason: "the calendar feed is read by calendar applications, which send no language",
  },
  {
    path: "server/domain/pathway-meetings/meeting-calendar.ts",
    text: "地域連携パス会議 / Pathway meetings",
    reason: "the calendar feed's name, shown by calendar applications, which send no language",
  },
];
const allowed = (file: string, text: string) =>
  BILINGUAL_BY_DESIGN.some((a) => file.startsWith(a.path) && (!a.text || text.includes(a.text)));

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) return sources(rel);
    return /\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [rel] : [];
  });
}

/** Every string, template (its ${} parts as holes) and JSX text of a file, with its line. */
function literals(
  file: string,
  source = readFileSync(path.join(root, file), "utf8"),
): { line: number; text: string }[] {
  const sf = ts.createSourceFile(
    file,
    source,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: { line: number; text: string }[] = [];
  const visit = (node: ts.Node) => {
    let text: string | null = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) {
      text = node.head.text + node.templateSpans.map((s) => HOLE + s.literal.text).join("");
    } else if (ts.isJsxText(node)) text = node.text;
    if (text !== null && CJK.test(text)) {
      found.push({ line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** A catalog's texts, nested objects and message functions included (called with a sample argument). */
function texts(value: unknown, at = ""): { at: string; text: string }[] {
  if (typeof value === "string") return [{ at, text: value }];
  if (typeof value === "function") {
    const out = (value as (...a: unknown[]) => unknown)("X", "X", "X");
    return typeof out === "string" ? [{ at, text: out }] : [];
  }
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => texts(v, at ? `${at}.${k}` : k));
  }
  return [];
}

describe("one language at a time", () => {
  it("the detector: both scripts around ' / ' are caught, IDs and one-language texts are not", () => {
    assert.ok(mixesScripts("病名を入力してください / Enter the diagnosis"));
    assert.ok(mixesScripts(`${"発症日"}が入院日 ${HOLE} より後です / The onset is after the admission`));
    assert.ok(!mixesScripts("病名を入力してください"));
    assert.ok(!mixesScripts("Enter the diagnosis"));
    assert.ok(!mixesScripts("例：山田 / やまだ / OK000000018"), "search examples: names and an ID");
    assert.ok(!mixesScripts("はい/いいえ で答えてください"));
  });

  it("the domain catalogs: the same keys in both, each text in its own language only", () => {
    assert.deepEqual(Object.keys(en).sort(), Object.keys(ja).sort());
    for (const [key, text] of Object.entries(ja)) {
      assert.ok(!mixesScripts(text), `${key}: ${text}`);
    }
    for (const [key, text] of Object.entries(en)) {
      assert.doesNotMatch(text, CJK, `${key}: Japanese in the English catalog: ${text}`);
    }
  });

  it("the app's catalogs: no text in both languages", () => {
    for (const locale of ["ja", "en"] as const) {
      for (const { at, text } of texts(messagesFor(locale))) {
        assert.ok(!mixesScripts(text), `${locale} ${at}: ${text}`);
      }
    }
  });

  it("every key in the catalogs is used by the code (no orphans left by a conversion)", () => {
    const code = [...sources("server"), ...sources("app")]
      .filter((f) => !/^server\/model\/messages\/(ja|en)\.ts$/.test(f))
      .map((f) => readFileSync(path.join(root, f), "utf8"))
      .join("\n");
    const unused = Object.keys(ja).filter((key) => !code.includes(`"${key}"`));
    assert.deepEqual(unused, []);
  });

  it("no string in server/ or app/ joins Japanese and English around ' / ' (documents meant bilingual aside)", () => {
    const offenders: string[] = [];
    for (const file of [...sources("server"), ...sources("app")]) {
      for (const { line, text } of literals(file)) {
        if (mixesScripts(text) && !allowed(file, text)) {
          offenders.push(`${file}:${line} ${text.split(HOLE).join("${…}").slice(0, 80)}`);
        }
      }
    }
    assert.deepEqual(offenders, []);
  });

  it("the scan finds a mixed literal, JSX text and template (it can fail)", () => {
    const probe = literals(
      "probe.tsx",
      'const a = "病名 / Diagnosis"; const b = <p>同意 / Consent</p>; const c = `${a} 発症日 / Onset ${b}`; const d = "病名";',
    );
    const hits = probe.filter(({ text }) => mixesScripts(text)).map(({ text }) => text.split(HOLE).join("…"));
    assert.deepEqual(hits, ["病名 / Diagnosis", "同意 / Consent", "… 発症日 / Onset …"]);
  });
});

describe("domain messages: keys and parameters, one language at the boundary", () => {
  it("msg() packs a key and its parameters; translate() fills them in the reader's language", () => {
    const packed = msg("pathways.stageOwnedBy", {
      stage: { ja: "回復期", en: "rehabilitation" },
      owners: { ja: "病院", en: "hospital" },
    });
    const message = unpackMessage(packed);
    assert.equal(message.key, "pathways.stageOwnedBy");
    assert.equal(translate("ja", message), "回復期は病院が担当します");
    assert.equal(translate("en", message), "The rehabilitation stage is owned by a hospital");
    assert.equal(msg("referralLetter.enterDiagnosis"), "referralLetter.enterDiagnosis", "no params: the key");
  });

  it("a DomainError carries the key and params, never a sentence (Error.message, so log lines, is the key)", () => {
    const e = new DomainError("PAYLOAD_TOO_LARGE", msg("attachments.fileMustMostMB", { mb: 10 }), [
      { field: "file", message: msg("attachments.fileMustMostMB", { mb: 10 }) },
    ]);
    assert.equal(e.message, "attachments.fileMustMostMB");
    assert.deepEqual(e.toJSON(), {
      code: "PAYLOAD_TOO_LARGE",
      message: "attachments.fileMustMostMB",
      params: { mb: 10 },
      fields: [{ field: "file", message: "attachments.fileMustMostMB", params: { mb: 10 } }],
    });
  });

  it("parseInput: a zod message is a key; zod's own English default becomes the generic key", () => {
    const schema = z.object({
      name: z.string().min(1, msg("referralLetter.enterDiagnosis")),
      count: z.number(),
    });
    assert.throws(
      () => parseInput(schema, { name: "", count: "x" }),
      (e: unknown) => {
        assert.ok(e instanceof DomainError);
        const fields = e.toJSON().fields;
        assert.deepEqual(fields, [
          { field: "name", message: "referralLetter.enterDiagnosis" },
          { field: "count", message: "validation.invalidValue" },
        ]);
        assert.equal(e.message, "referralLetter.enterDiagnosis", "the error's message is the first field's");
        return true;
      },
    );
    assert.ok(isMessageKey("validation.invalidValue"));
    assert.ok(!isMessageKey("Invalid input: expected number"));
  });
});
