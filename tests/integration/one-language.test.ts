import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { departments } from "../../server/db/schema";
import { setDatabase } from "../../server/db/client";
import { createReferral } from "../../server/domain/referrals/create-referral";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork, type Network } from "../helpers/fixtures";
import { inRequest } from "../helpers/in-request";
import { sessionCookie } from "../helpers/matrix-world";
import { TEST_TOTP_SECRET, ask, startSignalling } from "../helpers/signalling";

const CJK = /[\u3040-\u30ff\u3400-\u9fff]/;
const LATIN_WORD = /[A-Za-z]{3,}/;

/** Japanese only: no English word in it (IDs and codes aside, none here). */
function japaneseOnly(text: string) {
  assert.match(text, CJK, `not Japanese: ${text}`);
  assert.doesNotMatch(text, LATIN_WORD, `English inside: ${text}`);
}
function englishOnly(text: string) {
  assert.doesNotMatch(text, CJK, `Japanese inside: ${text}`);
  assert.match(text, LATIN_WORD, `not English: ${text}`);
}

/**
 * Issue 17, defect 3: a refused action reads in ONE language, the reader's
 * (the language cookie; Japanese without it), and names the field. Through the
 * real server actions and route handler, in the request scope Next gives them.
 */
describe("a refusal in one language, the reader's (pglite)", () => {
  let t: TestDatabase;
  let n: Network;
  let cookie: string;
  let referralId: string;
  let version: number;
  let department: string;
  let outsiderDepartment: string;

  before(async () => {
    process.env.DATA_DIR ??= `/tmp/okinet-test-${process.pid}`;
    t = await createTestDatabase("pglite");
    setDatabase(Promise.resolve(t));
    n = await createNetwork(t.db, { totpSecret: TEST_TOTP_SECRET });
    const rows = await t.db
      .insert(departments)
      .values([
        { facilityId: n.facilities.hospital, name: "脳神経内科", acceptsReferrals: true },
        { facilityId: n.facilities.outsider, name: "内科", acceptsReferrals: true },
      ])
      .returning({ id: departments.id });
    department = rows[0]!.id;
    outsiderDepartment = rows[1]!.id;
    const gp = actor(n, "clinic.gp");
    ({ referralId, version } = await createReferral(t.db, gp, {
      patientId: n.patients.shared,
      destinationFacilityId: n.facilities.hospital,
      destinationDepartmentId: department,
    }));
    cookie = await sessionCookie(t.db, gp.practitionerId);
  });
  after(async () => {
    await t.close();
  });

  const withLocale = (locale: "ja" | "en" | null) => (locale ? `${cookie}; okinet.lang=${locale}` : cookie);

  async function saveDraft(locale: "ja" | "en" | null, change: Record<string, unknown>) {
    const { saveReferralDraftAction } = await import("../../app/(app)/referrals/[referralId]/edit/actions");
    return inRequest({ cookie: withLocale(locale), pathname: `/referrals/${referralId}/edit` }, () =>
      saveReferralDraftAction({
        referralId,
        version,
        destinationFacilityId: n.facilities.hospital,
        destinationDepartmentId: department,
        priority: "routine",
        content: { purpose: "精査", diagnoses: [{ name: "" }] },
        ...change,
      }),
    );
  }

  it("a referral letter with an empty diagnosis: 病名を入力してください for ja, Enter the diagnosis for en, on that field", async () => {
    for (const locale of [null, "ja"] as const) {
      const result = await saveDraft(locale, {});
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.error.code, "VALIDATION");
      assert.deepEqual(result.error.fields, [
        { field: "content.diagnoses.0.name", message: "病名を入力してください" },
      ]);
      assert.equal(result.error.message, "病名を入力してください", "the error names the field's problem");
    }
    const en = await saveDraft("en", {});
    assert.equal(en.ok, false);
    if (en.ok) return;
    assert.deepEqual(en.error.fields, [
      { field: "content.diagnoses.0.name", message: "Enter the diagnosis" },
    ]);
    englishOnly(en.error.message);
  });

  it("a send outside the patient's consent: refused on the destination, in the reader's language only", async () => {
    const saved = await saveDraft("ja", {
      destinationFacilityId: n.facilities.outsider,
      destinationDepartmentId: outsiderDepartment,
      content: {
        purpose: "精査",
        chiefComplaint: "頭痛",
        diagnoses: [{ name: "片頭痛", icd10: "G43.9", certainty: "suspected" }],
      },
    });
    assert.ok(saved.ok, "a draft may name any destination; the send checks the consent");
    const { sendReferralAction } = await import("../../app/(app)/referrals/[referralId]/edit/actions");
    const send = (locale: "ja" | "en") =>
      inRequest({ cookie: withLocale(locale), pathname: `/referrals/${referralId}/edit` }, () =>
        sendReferralAction({ referralId, version: saved.data.version }),
      );
    const ja = await send("ja");
    const en = await send("en");
    assert.ok(!ja.ok && !en.ok, "refused");
    assert.equal(ja.error.code, "CONSENT_REQUIRED");
    assert.deepEqual(
      ja.error.fields.map((f) => f.field),
      ["destinationFacilityId"],
    );
    japaneseOnly(ja.error.message);
    japaneseOnly(ja.error.fields[0]!.message);
    assert.match(ja.error.fields[0]!.message, /同意の範囲外/);
    englishOnly(en.error.message);
    englishOnly(en.error.fields[0]!.message);
    assert.match(en.error.fields[0]!.message, /consent/);
  });

  it("a route's refusal (a letter that is not there) is in the reader's language only", async () => {
    const { GET } = await import("../../app/api/referrals/[referralId]/letter.pdf/route");
    const missing = "00000000-0000-4000-8000-000000000000";
    const answer = async (locale: "ja" | "en") => {
      const res = await inRequest(
        { cookie: withLocale(locale), pathname: `/api/referrals/${missing}/letter.pdf` },
        () => GET(new Request("http://localhost/"), { params: Promise.resolve({ referralId: missing }) }),
      );
      return { status: res.status, body: (await res.json()) as { error: { code: string; message: string } } };
    };
    const ja = await answer("ja");
    const en = await answer("en");
    assert.equal(ja.status, 404);
    assert.equal(ja.body.error.code, "NOT_FOUND");
    assert.equal(ja.body.error.message, "紹介状が見つかりません");
    assert.equal(en.body.error.message, "Referral not found");
  });
});

describe("a socket's refusal in the language of the socket's cookie (pglite)", () => {
  let t: TestDatabase;
  let signalling: Awaited<ReturnType<typeof startSignalling>>;

  before(async () => {
    t = await createTestDatabase("pglite");
    await createNetwork(t.db, { totpSecret: TEST_TOTP_SECRET });
    signalling = await startSignalling(t);
  });
  after(async () => {
    await signalling.close();
    await t.close();
  });

  it("a malformed conference id: 会議IDが不正です on a Japanese socket, Invalid conference id on an English one", async () => {
    const { cookie } = await signalling.sessionCookie("clinic.gp");
    const refusal = async (socketCookie: string) =>
      (await ask(await signalling.open(socketCookie), "conference:join", { conferenceId: "nope" })) as {
        ok: boolean;
        error?: { code: string; message: string; fields?: { field: string; message: string }[] };
      };
    const ja = await refusal(cookie);
    const en = await refusal(`${cookie}; okinet.lang=en`);
    assert.equal(ja.ok, false);
    assert.equal(ja.error?.code, "VALIDATION");
    assert.deepEqual(ja.error?.fields, [{ field: "conferenceId", message: "会議IDが不正です" }]);
    assert.deepEqual(en.error?.fields, [{ field: "conferenceId", message: "Invalid conference id" }]);
    englishOnly(en.error.message);
  });
});
