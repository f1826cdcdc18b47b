import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { count, eq } from "drizzle-orm";
import { careDocuments, notifications, nursingInstructions } from "../../server/db/schema";
import { addConsentFacility } from "../../server/domain/consent/add-consent-facility";
import { careDocumentDocument } from "../../server/domain/care-documents/care-document-documents";
import { createCareDocument } from "../../server/domain/care-documents/create-care-document";
import { getCareDocument } from "../../server/domain/care-documents/get-care-document";
import { acknowledgeCareDocument } from "../../server/domain/care-documents/reply-to-care-document";
import { saveCareDocumentDraft } from "../../server/domain/care-documents/save-care-document-draft";
import { sendCareDocument } from "../../server/domain/care-documents/send-care-document";
import { listRelatedChoices } from "../../server/domain/care-documents/list-related-choices";
import { createSummary } from "../../server/domain/summaries/create-summary";
import { saveSummaryDraft } from "../../server/domain/summaries/save-summary-draft";
import { sendSummary } from "../../server/domain/summaries/send-summary";
import { completeSummary } from "../helpers/summary-content";
import { NursingInstructionContent } from "../../server/model/nursing-instruction";
import { completeInstruction } from "../helpers/nursing-instruction-content";
import { tokyoToday } from "../../server/domain/nursing-instructions/instruction-status";
import { careDocumentBundle } from "../../server/documents/fhir/care-document-bundle";
import { renderCareDocumentPdf } from "../../server/documents/pdf/care-document-pdf";
import type { Actor, Profession } from "../../server/model/permissions";
import type { CareDocumentKind } from "../../server/model/care-documents/registry";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { expectDomainError } from "../helpers/errors";
import { assertDocumentShape, assertValid } from "../helpers/fhir-document-checks";
import {
  actor,
  addFacility,
  addPractitioner,
  createNetwork,
  tinyPdf,
  type Network,
} from "../helpers/fixtures";
import {
  completeDischargeInformation,
  completeNursingPlan,
  completeNursingReport,
} from "../helpers/home-nursing-content";
import { assertNotoSansJpSubsets, assertVisibleGlyphsInked, PdfFile, squeeze } from "../helpers/pdf";

/** The day `days` after today in Japan. */
const day = (days: number) =>
  new Date(Date.parse(`${tokyoToday()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

for (const backend of BACKENDS) {
  describe(`care documents from the station and the hospital: plan, report, discharge information (${backend})`, () => {
    let t: TestDatabase;
    let n: Network;
    let gp: Actor;
    let nurse: Actor;
    let careManager: Actor;
    let hospitalDoctor: Actor;
    let station: string;
    let careOffice: string;
    let instructionId: string;

    before(async () => {
      t = await createTestDatabase(backend);
      n = await createNetwork(t.db);
      gp = actor(n, "clinic.gp");
      hospitalDoctor = actor(n, "hosp.doctor");
      station = await addFacility(t.db, {
        code: "0630000009",
        name: "テスト訪問看護ステーション",
        kind: "visiting_nurse_station",
      });
      careOffice = await addFacility(t.db, {
        code: "0630000011",
        name: "テスト居宅介護支援事業所",
        kind: "care_facility",
      });
      const person = (loginId: string, profession: Profession, facilityId: string) =>
        addPractitioner(t.db, { loginId, profession, facilityId });
      nurse = await person("vn.nurse", "visiting_nurse", station);
      careManager = await person("cm.manager", "care_manager", careOffice);
      await addConsentFacility(t.db, actor(n, "hosp.clerk"), {
        consentId: n.consents.shared,
        effectiveOn: "2026-11-01",
        facilityIds: [station, careOffice],
        document: { fileName: "consent-added.pdf", bytes: tinyPdf("連携先追加") },
      });
      // The GP's instruction in force, as the nursing-instruction module leaves it once sent (its own tests cover sending).
      const [instruction] = await t.db
        .insert(nursingInstructions)
        .values({
          kind: "regular",
          status: "acknowledged",
          documentNumber: "2026-000042",
          patientId: n.patients.shared,
          authorId: gp.practitionerId,
          authorFacilityId: gp.facilityId,
          stationFacilityId: station,
          periodStart: day(-30),
          periodEnd: day(120),
          content: NursingInstructionContent.parse(completeInstruction(day(-30), day(120))),
          sentAt: new Date(),
        })
        .returning({ id: nursingInstructions.id });
      instructionId = instruction!.id;
    });
    after(async () => {
      await t.close();
    });

    const sentCount = async () => {
      const [r] = await t.db
        .select({ n: count() })
        .from(careDocuments)
        .where(eq(careDocuments.status, "sent"));
      return r!.n;
    };

    /** Creates a draft of `kind` to `recipientFacilityId`, saves `content`, and returns its id and revision. */
    const draft = async (
      author: Actor,
      kind: CareDocumentKind,
      recipientFacilityId: string,
      content: unknown,
    ) => {
      const created = await createCareDocument(t.db, author, { kind, patientId: n.patients.shared });
      const saved = await saveCareDocumentDraft(t.db, author, {
        documentId: created.documentId,
        revision: created.revision,
        recipientFacilityId,
        content,
      });
      return { documentId: created.documentId, revision: saved.revision };
    };

    /** The PDF in embedded Noto Sans JP showing `parts`; the FHIR document valid. */
    const exportsAre = async (reader: Actor, documentId: string, parts: string[]) => {
      const pdf = await PdfFile.write(
        await renderCareDocumentPdf(await careDocumentDocument(t.db, reader, documentId, "pdf")),
      );
      try {
        await assertNotoSansJpSubsets(pdf);
        await assertVisibleGlyphsInked(pdf, 20);
        const text = squeeze(await pdf.text());
        for (const part of parts) assert.ok(text.includes(squeeze(part)), `the PDF shows ${part}`);
      } finally {
        await pdf.remove();
      }
      const bundle = careDocumentBundle(await careDocumentDocument(t.db, reader, documentId, "fhir"));
      assertDocumentShape(bundle);
      assertValid(bundle);
      return bundle;
    };

    it("訪問看護計画書: the station's nurse sends it only with the GP's instruction in force for this patient; the GP acknowledges", async () => {
      const other = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
      const plan = await draft(
        nurse,
        "nursing_plan",
        gp.facilityId,
        completeNursingPlan(day(0).slice(0, 7), other),
      );
      const before = await sentCount();
      await assert.rejects(
        sendCareDocument(t.db, nurse, plan),
        expectDomainError("VALIDATION", "content.instructionId"),
      );
      assert.equal(await sentCount(), before, "nothing sent");
      const fixed = await saveCareDocumentDraft(t.db, nurse, {
        ...plan,
        recipientFacilityId: gp.facilityId,
        content: completeNursingPlan(day(0).slice(0, 7), instructionId),
      });
      const sent = await sendCareDocument(t.db, nurse, {
        documentId: plan.documentId,
        revision: fixed.revision,
      });
      assert.match(sent.documentNumber, /^\d{4}-/);
      const [note] = await t.db
        .select({ recipient: notifications.recipientId })
        .from(notifications)
        .where(eq(notifications.careDocumentId, plan.documentId));
      assert.equal(note?.recipient, gp.practitionerId, "the GP hears of it");
      await acknowledgeCareDocument(t.db, gp, { documentId: plan.documentId });
      assert.equal((await getCareDocument(t.db, nurse, plan.documentId)).status, "acknowledged");
      const bundle = await exportsAre(gp, plan.documentId, [
        "訪問看護計画書",
        "2026-000042",
        "仙骨部の褥瘡（d2）",
        "受領確認",
      ]);
      const carePlan = bundle.entry?.find((e) => e.resource?.resourceType === "CarePlan")?.resource;
      assert.match(
        JSON.stringify(carePlan),
        /\^2026-000042/,
        "based on the instruction by its national identifier",
      );
    });

    it("訪問看護報告書: the month's visit days go to the GP, who acknowledges; a day outside the month is refused by name", async () => {
      const month = "2026-12";
      const report = await draft(
        nurse,
        "nursing_report",
        gp.facilityId,
        completeNursingReport({ instructionId }),
      );
      await assert.rejects(
        saveCareDocumentDraft(t.db, nurse, {
          ...report,
          recipientFacilityId: gp.facilityId,
          content: completeNursingReport({ month, visits: [{ date: "2027-01-03", marks: ["nurse"] }] }),
        }),
        expectDomainError("VALIDATION", "content.visits.0.date"),
      );
      await sendCareDocument(t.db, nurse, report);
      await acknowledgeCareDocument(t.db, gp, { documentId: report.documentId });
      const bundle = await exportsAre(gp, report.documentId, [
        "訪問看護報告書",
        "4 ○◇",
        "9 ○×",
        "訪問日数 5日",
      ]);
      const visits = (bundle.entry ?? []).filter((e) => e.resource?.resourceType === "Encounter");
      assert.equal(visits.length, 5);
    });

    it("退院・退所情報記録書: the hospital sends it to the care manager, refused while ADL is unanswered; the care manager acknowledges", async () => {
      await assert.rejects(
        createCareDocument(t.db, nurse, { kind: "discharge_information", patientId: n.patients.shared }),
        expectDomainError("FORBIDDEN"),
      );
      const incomplete = completeDischargeInformation();
      const info = await draft(hospitalDoctor, "discharge_information", careOffice, {
        ...incomplete,
        adl: { ...(incomplete.adl as object), bathing: null },
      });
      await assert.rejects(
        sendCareDocument(t.db, hospitalDoctor, info),
        expectDomainError("VALIDATION", "content.adl.bathing"),
      );
      const full = await saveCareDocumentDraft(t.db, hospitalDoctor, {
        ...info,
        recipientFacilityId: careOffice,
        content: completeDischargeInformation(),
      });
      await sendCareDocument(t.db, hospitalDoctor, { documentId: info.documentId, revision: full.revision });
      await acknowledgeCareDocument(t.db, careManager, { documentId: info.documentId });
      assert.equal((await getCareDocument(t.db, hospitalDoctor, info.documentId)).status, "acknowledged");
      await exportsAre(careManager, info.documentId, [
        "退院・退所情報記録書",
        "誤嚥性肺炎",
        "全介助",
        "短期入所",
      ]);
    });
    it("訪問看護計画書・報告書: a draft with impossible fields is refused by name and nothing is written; the editor is offered the station's instruction", async () => {
      const plan = await draft(nurse, "nursing_plan", gp.facilityId, {});
      const [before] = await t.db
        .select({ content: careDocuments.content, revision: careDocuments.revision })
        .from(careDocuments)
        .where(eq(careDocuments.id, plan.documentId));
      for (const [content, field] of [
        [{ visitsPerWeek: 30 }, "content.visitsPerWeek"],
        [{ month: "2026-13" }, "content.month"],
        [{ visitProfessions: ["nurse", "nurse"] }, "content.visitProfessions.1"],
        [{ suppliesNeeded: false, supplies: [{ name: "ガーゼ" }] }, "content.suppliesNeeded"],
      ] as const) {
        await assert.rejects(
          saveCareDocumentDraft(t.db, nurse, { ...plan, recipientFacilityId: gp.facilityId, content }),
          expectDomainError("VALIDATION", field),
        );
      }
      const [after] = await t.db
        .select({ content: careDocuments.content, revision: careDocuments.revision })
        .from(careDocuments)
        .where(eq(careDocuments.id, plan.documentId));
      assert.deepEqual(after, before, "nothing written");

      const report = await draft(nurse, "nursing_report", gp.facilityId, { month: "2026-12" });
      await assert.rejects(
        saveCareDocumentDraft(t.db, nurse, {
          ...report,
          recipientFacilityId: gp.facilityId,
          content: { month: "2026-12", visits: [{ date: "2026-12-31", marks: [] }] },
        }),
        expectDomainError("VALIDATION", "content.visits.0.marks"),
      );
      await assert.rejects(
        sendCareDocument(t.db, nurse, report),
        expectDomainError("VALIDATION", "content.visits"),
      );
      const choices = await listRelatedChoices(t.db, nurse, report.documentId);
      assert.deepEqual(
        choices.instructions.map((i) => [i.id, i.facilityId, i.documentNumber, i.inForce]),
        [[instructionId, gp.facilityId, "2026-000042", true]],
      );
      assert.deepEqual([choices.summaries, choices.conferences], [[], []]);
      // only the author's side asks what a draft may link to
      await assert.rejects(listRelatedChoices(t.db, gp, report.documentId), expectDomainError("NOT_FOUND"));
    });

    it("退院・退所情報記録書: linked to the hospital's sent discharge summary, which the care manager sees named on it; a summary that is not the patient's is refused by name", async () => {
      const created = await createSummary(t.db, hospitalDoctor, {
        patientId: n.patients.shared,
        authorDepartment: "脳神経内科",
      });
      const saved = await saveSummaryDraft(t.db, hospitalDoctor, {
        summaryId: created.summaryId,
        revision: created.revision,
        authorDepartment: "脳神経内科",
        recipients: [{ facilityId: gp.facilityId, practitionerId: null }],
        content: completeSummary,
      });
      const info = await draft(
        hospitalDoctor,
        "discharge_information",
        careOffice,
        completeDischargeInformation(),
      );
      assert.deepEqual(
        (await listRelatedChoices(t.db, hospitalDoctor, info.documentId)).summaries,
        [],
        "a draft summary is not offered",
      );
      const sent = await sendSummary(t.db, hospitalDoctor, {
        summaryId: created.summaryId,
        revision: saved.revision,
      });
      const choices = await listRelatedChoices(t.db, hospitalDoctor, info.documentId);
      assert.deepEqual(
        choices.summaries.map((s) => [s.id, s.department]),
        [[created.summaryId, "脳神経内科"]],
      );
      assert.deepEqual(choices.instructions, [], "a hospital's record follows no instruction");

      // a summary that is not this patient's (a made-up id) is refused at send, on its field
      const wrong = await saveCareDocumentDraft(t.db, hospitalDoctor, {
        ...info,
        recipientFacilityId: careOffice,
        content: completeDischargeInformation({ summaryId: "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" }),
      });
      await assert.rejects(
        sendCareDocument(t.db, hospitalDoctor, { documentId: info.documentId, revision: wrong.revision }),
        expectDomainError("VALIDATION", "content.summaryId"),
      );
      const linked = await saveCareDocumentDraft(t.db, hospitalDoctor, {
        ...info,
        revision: wrong.revision,
        recipientFacilityId: careOffice,
        content: completeDischargeInformation({ summaryId: created.summaryId }),
      });
      await sendCareDocument(t.db, hospitalDoctor, {
        documentId: info.documentId,
        revision: linked.revision,
      });
      const seen = await getCareDocument(t.db, careManager, info.documentId);
      assert.equal(seen.can.acknowledge, true);
      assert.deepEqual(
        seen.related.map((r) => [r.field, r.title, r.documentNumber]),
        [["summaryId", "退院時サマリ", sent.documentNumber]],
      );
      await acknowledgeCareDocument(t.db, careManager, { documentId: info.documentId });
      assert.equal((await getCareDocument(t.db, hospitalDoctor, info.documentId)).status, "acknowledged");
    });
  });
}
