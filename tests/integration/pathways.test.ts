import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import {
  auditEvents,
  notifications,
  pathwayEvents,
  pathwayTemplates,
  pathwayVariances,
} from "../../server/db/schema";
import { renderPathwaySheetPdf } from "../../server/documents/pdf/pathway-sheet-pdf";
import { verifyAuditChain } from "../../server/domain/audit/verify-audit-chain";
import { listNotifications } from "../../server/domain/notifications/list-notifications";
import { onNotification, type NotificationPush } from "../../server/domain/notifications/notification-bus";
import { acceptHandover, declineHandover } from "../../server/domain/pathways/answer-handover";
import { cancelHandover } from "../../server/domain/pathways/cancel-handover";
import { completeEnrolment, withdrawEnrolment } from "../../server/domain/pathways/end-enrolment";
import { enrolPatient } from "../../server/domain/pathways/enrol-patient";
import { exportPathwayStatisticsCsv } from "../../server/domain/pathways/export-pathway-statistics";
import { getPathwaySheet } from "../../server/domain/pathways/get-pathway-sheet";
import { listPathways } from "../../server/domain/pathways/list-pathways";
import { pathwaySheetDocument } from "../../server/domain/pathways/pathway-sheet-document";
import { getPathwayStatistics } from "../../server/domain/pathways/pathway-statistics";
import { ensurePathwayTemplates } from "../../server/domain/pathways/pathway-templates";
import { recordStageMeasures } from "../../server/domain/pathways/record-stage-measures";
import { recordVariance } from "../../server/domain/pathways/record-variance";
import { requestHandover } from "../../server/domain/pathways/request-handover";
import { BACKENDS, createTestDatabase, dbErrorMatching, type TestDatabase } from "../helpers/db";
import { expectDomainError } from "../helpers/errors";
import { auditedRead } from "../helpers/audit";
import { actor } from "../helpers/fixtures";
import { PdfFile } from "../helpers/pdf";
import { createPathwayNetwork, type PathwayNetwork } from "../helpers/pathway-network";
import { consentedPatient, runPathway, type PathwayRun, type StageRun } from "../helpers/pathway-runs";

for (const backend of BACKENDS) {
  describe(`pathways: a stroke patient from the acute hospital to home (${backend})`, () => {
    let t: TestDatabase;
    let n: PathwayNetwork;
    let enrolmentId: string;
    let version: number;
    const pushes: NotificationPush[] = [];
    let stopListening: () => void;
    const as = (loginId: string) => actor(n, loginId);

    before(async () => {
      t = await createTestDatabase(backend);
      n = await createPathwayNetwork(t.db);
      stopListening = onNotification((p) => pushes.push(p));
    });
    after(async () => {
      stopListening();
      await t.close();
    });

    it("writes the templates once, and refuses to rewrite a published version", async () => {
      const again = await ensurePathwayTemplates(t.db);
      assert.deepEqual(again.map((x) => `${x.code}@${x.version}`).sort(), ["hip_fracture@1", "stroke@1"]);
      assert.equal(await t.db.$count(pathwayTemplates), 2);
      await assert.rejects(
        t.db.update(pathwayTemplates).set({ version: 9 }).where(eq(pathwayTemplates.code, "stroke")),
        dbErrorMatching(/append-only/),
      );
    });

    it("enrols inside consent only, at a facility of the first stage's kind, once per pathway", async () => {
      const doctor = as("hosp.doctor");
      await assert.rejects(
        enrolPatient(t.db, as("outsider.gp"), {
          patientId: n.patients.shared,
          pathway: "stroke",
          admittedOn: "2026-06-01",
        }),
        expectDomainError("CONSENT_REQUIRED"),
      );
      const [denied] = await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "pathway.enrol"), eq(auditEvents.outcome, "denied")));
      assert.equal(denied?.actorId, as("outsider.gp").practitionerId);
      assert.equal(denied?.patientId, n.patients.shared);
      await assert.rejects(
        enrolPatient(t.db, doctor, {
          patientId: n.patients.notShared,
          pathway: "stroke",
          admittedOn: "2026-06-01",
        }),
        expectDomainError("CONSENT_REQUIRED"),
      );
      await assert.rejects(
        enrolPatient(t.db, as("pharm.pharmacist"), {
          patientId: n.patients.shared,
          pathway: "stroke",
          admittedOn: "2026-06-01",
        }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        enrolPatient(t.db, as("clinic.gp"), {
          patientId: n.patients.shared,
          pathway: "stroke",
          admittedOn: "2026-06-01",
        }),
        expectDomainError("VALIDATION", "facilityId"),
      );
      await assert.rejects(
        enrolPatient(t.db, doctor, {
          patientId: n.patients.shared,
          pathway: "heart_failure",
          admittedOn: "2026-06-01",
        }),
        expectDomainError("VALIDATION", "pathway"),
      );
      await assert.rejects(
        enrolPatient(t.db, doctor, {
          patientId: n.patients.shared,
          pathway: "stroke",
          admittedOn: "2026-06-01",
          onsetOn: "2026-06-03",
        }),
        expectDomainError("VALIDATION", "onsetOn"),
      );
      const enrolled = await enrolPatient(t.db, doctor, {
        patientId: n.patients.shared,
        pathway: "stroke",
        admittedOn: "2026-06-01",
        onsetOn: "2026-06-01",
      });
      enrolmentId = enrolled.enrolmentId;
      version = enrolled.version;
      assert.equal(enrolled.stageKey, "acute");
      await assert.rejects(
        enrolPatient(t.db, doctor, {
          patientId: n.patients.shared,
          pathway: "stroke",
          admittedOn: "2026-07-01",
        }),
        expectDomainError("CONFLICT", "pathway"),
      );
    });

    it("records the acute stage's measures, refusing impossible values and dates on their fields", async () => {
      const doctor = as("hosp.doctor");
      const record = (input: object, v = version) =>
        recordStageMeasures(t.db, doctor, { enrolmentId, version: v, ...input });
      await assert.rejects(
        record({ measures: { barthel_discharge: 130 } }),
        expectDomainError("VALIDATION", "measures.barthel_discharge"),
      );
      await assert.rejects(
        record({ measures: { barthel_admission: 52 } }),
        expectDomainError("VALIDATION", "measures.barthel_admission"),
      );
      await assert.rejects(
        record({ measures: { mrs_discharge: 7 } }),
        expectDomainError("VALIDATION", "measures.mrs_discharge"),
      );
      await assert.rejects(
        record({ measures: { nihss_admission: 43 } }),
        expectDomainError("VALIDATION", "measures.nihss_admission"),
      );
      await assert.rejects(
        record({ measures: { fois_discharge: 0 } }),
        expectDomainError("VALIDATION", "measures.fois_discharge"),
      );
      await assert.rejects(
        record({ measures: { fim_admission: 60 } }),
        expectDomainError("VALIDATION", "measures"),
      );
      await assert.rejects(
        record({ measures: { discharge_destination: "moon" } }),
        expectDomainError("VALIDATION", "measures.discharge_destination"),
      );
      await assert.rejects(
        record({ dischargedOn: "2026-05-20" }),
        expectDomainError("VALIDATION", "dischargedOn"),
      );
      await assert.rejects(record({ admittedOn: null }), expectDomainError("VALIDATION", "admittedOn"));
      await assert.rejects(
        record({ measures: { nihss_admission: 12 } }, version - 1),
        expectDomainError("CONFLICT", "version"),
      );
      await assert.rejects(
        recordStageMeasures(t.db, as("rehab.doctor"), {
          enrolmentId,
          version,
          measures: { nihss_admission: 12 },
        }),
        expectDomainError("FORBIDDEN"),
      );
      const saved = await record({
        measures: {
          nihss_admission: 12,
          barthel_admission: 20,
          mrs_discharge: 3,
          barthel_discharge: 45,
          fois_discharge: 5,
        },
        dischargedOn: "2026-06-18",
      });
      version = saved.version;
      const cleared = await record({
        measures: { fois_discharge: null, discharge_destination: "rehabilitation_hospital" },
      });
      version = cleared.version;
      assert.deepEqual(cleared.measures, {
        nihss_admission: 12,
        barthel_admission: 20,
        mrs_discharge: 3,
        barthel_discharge: 45,
        discharge_destination: "rehabilitation_hospital",
      });
    });

    it("records a variance inside the stage's dates, appended and never rewritten", async () => {
      const doctor = as("hosp.doctor");
      const variance = {
        enrolmentId,
        category: "patient",
        occurredOn: "2026-06-10",
        description: "誤嚥性肺炎のため転院が延期",
        reason: "抗菌薬治療、嚥下評価後に転院",
        delayDays: 4,
      };
      await assert.rejects(
        recordVariance(t.db, doctor, { ...variance, version, occurredOn: "2026-05-31" }),
        expectDomainError("VALIDATION", "occurredOn"),
      );
      await assert.rejects(
        recordVariance(t.db, doctor, { ...variance, version, category: "weather" }),
        expectDomainError("VALIDATION", "category"),
      );
      const recorded = await recordVariance(t.db, doctor, { ...variance, version });
      version = recorded.version;
      await assert.rejects(
        t.db
          .update(pathwayVariances)
          .set({ delayDays: 0 })
          .where(eq(pathwayVariances.id, recorded.varianceId)),
        dbErrorMatching(/append-only/),
      );
      await assert.rejects(t.db.delete(pathwayEvents), dbErrorMatching(/append-only/));
    });

    it("hands over only to a facility of the next stage's kind inside consent; the facility is told", async () => {
      const doctor = as("hosp.doctor");
      const request = (input: object) => requestHandover(t.db, doctor, { enrolmentId, version, ...input });
      await assert.rejects(
        request({ toFacilityId: n.pathwayFacilities.care }),
        expectDomainError("VALIDATION", "toFacilityId"),
      );
      await assert.rejects(
        request({ toFacilityId: n.facilities.outsider, toStageKey: "community" }),
        expectDomainError("CONSENT_REQUIRED", "toFacilityId"),
      );
      await assert.rejects(
        request({ toFacilityId: n.facilities.hospital, toStageKey: "acute" }),
        expectDomainError("VALIDATION", "toStageKey"),
      );
      await assert.rejects(
        requestHandover(t.db, as("clinic.gp"), {
          enrolmentId,
          version,
          toFacilityId: n.pathwayFacilities.rehab,
        }),
        expectDomainError("FORBIDDEN"),
      );
      pushes.length = 0;
      const first = await request({
        toFacilityId: n.pathwayFacilities.rehab,
        plannedOn: "2026-06-18",
        note: "回復期リハ目的",
      });
      version = first.version;
      assert.deepEqual(
        pushes.map((p) => [p.kind, p.pathwayEnrolmentId, p.recipientIds]),
        [["pathway_handover_requested", enrolmentId, [as("rehab.liaison").practitionerId]]],
      );
      await assert.rejects(
        requestHandover(t.db, doctor, { enrolmentId, version, toFacilityId: n.pathwayFacilities.rehab }),
        expectDomainError("CONFLICT"),
      );
      // the rehabilitation hospital sees it in its incoming list, the patient named (inside consent)
      const { result: incoming, event } = await auditedRead(
        t.db,
        as("rehab.liaison").practitionerId,
        "pathway.view",
        () => listPathways(t.db, as("rehab.liaison"), { box: "incoming" }),
      );
      assert.deepEqual(event.details, { worklist: "incoming", patientIds: [incoming[0]?.patientId] });
      assert.equal(incoming.length, 1);
      assert.equal(incoming[0]?.patientName, "山田 花子");
      assert.equal(incoming[0]?.stageKey, "rehabilitation");
    });

    it("lets only the asked facility answer: a decline with a reason, then an accepted second request", async () => {
      await assert.rejects(
        acceptHandover(t.db, as("clinic.gp"), { enrolmentId, version, admittedOn: "2026-06-18" }),
        expectDomainError("FORBIDDEN"),
      );
      const declined = await declineHandover(t.db, as("rehab.doctor"), {
        enrolmentId,
        version,
        reason: "no_capacity",
        note: "満床のため来週以降",
      });
      version = declined.version;
      await assert.rejects(
        acceptHandover(t.db, as("rehab.doctor"), { enrolmentId, version, admittedOn: "2026-06-18" }),
        expectDomainError("INVALID_TRANSITION"),
      );
      const again = await requestHandover(t.db, as("hosp.liaison"), {
        enrolmentId,
        version,
        toFacilityId: n.pathwayFacilities.rehab,
      });
      version = again.version;
      // the acute stage was discharged on 06-18: admitting on 06-15 would overlap it
      await assert.rejects(
        acceptHandover(t.db, as("rehab.doctor"), { enrolmentId, version, admittedOn: "2026-06-15" }),
        expectDomainError("VALIDATION", "admittedOn"),
      );
      pushes.length = 0;
      const accepted = await acceptHandover(t.db, as("rehab.doctor"), {
        enrolmentId,
        version,
        admittedOn: "2026-06-18",
      });
      version = accepted.version;
      assert.deepEqual(
        pushes.map((p) => [p.kind, p.event, p.recipientIds]),
        [["pathway_handover_answered", "accepted", [as("hosp.liaison").practitionerId]]],
      );
      const rows = await t.db
        .select({ kind: notifications.kind, event: notifications.event })
        .from(notifications)
        .where(eq(notifications.pathwayEnrolmentId, enrolmentId));
      assert.ok(rows.some((r) => r.kind === "pathway_handover_answered" && r.event === "declined"));
      // the notification centre names the patient for a reader inside consent, and links the pathway
      const answers = async (loginId: string) =>
        (await listNotifications(t.db, as(loginId))).items
          .filter((i) => i.kind === "pathway_handover_answered")
          .map((i) => [i.event, i.pathwayEnrolmentId, i.patientName]);
      // each answer goes to whoever asked: the doctor the first time, the liaison office the second
      assert.deepEqual(await answers("hosp.doctor"), [["declined", enrolmentId, "山田 花子"]]);
      assert.deepEqual(await answers("hosp.liaison"), [["accepted", enrolmentId, "山田 花子"]]);
    });

    it("moves the writing to the rehabilitation hospital; a coordinator may still correct the acute stage", async () => {
      await assert.rejects(
        recordStageMeasures(t.db, as("hosp.doctor"), {
          enrolmentId,
          version,
          measures: { nihss_admission: 10 },
        }),
        expectDomainError("FORBIDDEN"),
      );
      const sheet = await getPathwaySheet(t.db, as("hosp.doctor"), enrolmentId);
      const acuteId = sheet.stages[0]!.stageId!;
      await assert.rejects(
        recordStageMeasures(t.db, as("hosp.liaison"), {
          enrolmentId,
          version,
          stageId: acuteId,
          dischargedOn: "2026-06-20",
        }),
        expectDomainError("VALIDATION", "dischargedOn"),
      );
      const corrected = await recordStageMeasures(t.db, as("hosp.liaison"), {
        enrolmentId,
        version,
        stageId: acuteId,
        measures: { fois_discharge: 6 },
      });
      version = corrected.version;
      const therapist = as("rehab.therapist");
      await assert.rejects(
        recordStageMeasures(t.db, therapist, { enrolmentId, version, measures: { fim_admission: 17 } }),
        expectDomainError("VALIDATION", "measures.fim_admission"),
      );
      await assert.rejects(
        recordStageMeasures(t.db, therapist, { enrolmentId, version, admittedOn: "2026-06-10" }),
        expectDomainError("VALIDATION", "admittedOn"),
      );
      const rehab = await recordStageMeasures(t.db, therapist, {
        enrolmentId,
        version,
        dischargedOn: "2026-09-10",
        measures: {
          fim_admission: 62,
          fim_discharge: 98,
          barthel_admission: 45,
          barthel_discharge: 85,
          mrs_discharge: 2,
          fois_admission: 6,
          fois_discharge: 7,
          discharge_destination: "home",
        },
      });
      version = rehab.version;
      const variance = await recordVariance(t.db, as("rehab.liaison"), {
        enrolmentId,
        version,
        category: "system",
        occurredOn: "2026-09-01",
        description: "介護保険の認定待ちで退院調整が遅延",
        delayDays: 7,
      });
      version = variance.version;
    });

    it("goes home with a care facility's support and a follow-up clinic, then completes", async () => {
      const toCare = await requestHandover(t.db, as("rehab.liaison"), {
        enrolmentId,
        version,
        toFacilityId: n.pathwayFacilities.care,
        toStageKey: "community",
      });
      version = toCare.version;
      const cancelled = await cancelHandover(t.db, as("rehab.liaison"), { enrolmentId, version });
      version = cancelled.version;
      const toCareAgain = await requestHandover(t.db, as("rehab.liaison"), {
        enrolmentId,
        version,
        toFacilityId: n.pathwayFacilities.care,
      });
      version = toCareAgain.version;
      const atCare = await acceptHandover(t.db, as("care.manager"), {
        enrolmentId,
        version,
        admittedOn: "2026-09-10",
      });
      version = atCare.version;
      const careMeasures = await recordStageMeasures(t.db, as("care.manager"), {
        enrolmentId,
        version,
        dischargedOn: "2026-10-31",
        measures: { barthel_admission: 85, barthel_discharge: 90, mrs_discharge: 2 },
      });
      version = careMeasures.version;
      const toClinic = await requestHandover(t.db, as("care.manager"), {
        enrolmentId,
        version,
        toFacilityId: n.facilities.clinic,
      });
      version = toClinic.version;
      const atClinic = await acceptHandover(t.db, as("clinic.gp"), {
        enrolmentId,
        version,
        admittedOn: "2026-10-31",
      });
      version = atClinic.version;
      await assert.rejects(
        requestHandover(t.db, as("clinic.gp"), { enrolmentId, version, toFacilityId: n.facilities.clinic }),
        expectDomainError("INVALID_TRANSITION"),
      );
      await assert.rejects(
        completeEnrolment(t.db, as("clinic.gp"), { enrolmentId, version, endedOn: "2026-10-30" }),
        expectDomainError("VALIDATION", "endedOn"),
      );
      const followUp = await recordStageMeasures(t.db, as("clinic.gp"), {
        enrolmentId,
        version,
        measures: { mrs_discharge: 1, barthel_discharge: 95 },
      });
      version = followUp.version;
      const done = await completeEnrolment(t.db, as("clinic.gp"), {
        enrolmentId,
        version,
        endedOn: "2026-11-20",
        note: "維持期へ",
      });
      version = done.version;
      assert.equal(done.status, "completed");
      await assert.rejects(
        recordVariance(t.db, as("hosp.liaison"), {
          enrolmentId,
          version,
          category: "patient",
          occurredOn: "2026-11-20",
          description: "x",
        }),
        expectDomainError("INVALID_TRANSITION"),
      );
    });

    it("shows the sheet across facilities to everyone inside consent, and to no one outside", async () => {
      const sheet = await getPathwaySheet(t.db, as("care.manager"), enrolmentId);
      assert.equal(sheet.enrolment.status, "completed");
      assert.deepEqual(
        sheet.stages.map((s) => [
          s.key,
          s.status,
          s.facility?.name,
          s.admittedOn,
          s.dischargedOn,
          s.lengthOfStay,
          s.overTarget,
        ]),
        [
          ["acute", "completed", "テスト総合病院", "2026-06-01", "2026-06-18", 18, true],
          [
            "rehabilitation",
            "completed",
            "テスト回復期リハビリテーション病院",
            "2026-06-18",
            "2026-09-10",
            85,
            false,
          ],
          ["community", "completed", "テスト介護老人保健施設", "2026-09-10", "2026-10-31", 52, false],
          ["follow_up", "completed", "テスト内科クリニック", "2026-10-31", "2026-11-20", 21, false],
        ],
      );
      const acute = sheet.stages[0]!;
      assert.deepEqual(
        acute.measures.filter((m) => m.value !== null).map((m) => [m.key, m.display]),
        [
          ["nihss_admission", "12"],
          ["barthel_admission", "20"],
          ["mrs_discharge", "3"],
          ["barthel_discharge", "45"],
          ["fois_discharge", "6"],
          ["discharge_destination", "回復期リハビリテーション病院・病棟"],
        ],
      );
      assert.equal(
        acute.measures.find((m) => m.key === "barthel_discharge")?.label.ja,
        "退院時 Barthel Index",
      );
      assert.deepEqual(
        sheet.variances.map((v) => [v.stageKey, v.category, v.delayDays]),
        [
          ["acute", "patient", 4],
          ["rehabilitation", "system", 7],
        ],
      );
      assert.deepEqual(
        sheet.stages[1]!.declinedHandovers.map((h) => [h.status, h.reason]),
        [["declined", "no_capacity"]],
      );
      assert.deepEqual(
        sheet.stages[2]!.declinedHandovers.map((h) => h.status),
        ["cancelled"],
      );
      assert.equal(sheet.permissions.write, false);

      await assert.rejects(
        getPathwaySheet(t.db, as("outsider.gp"), enrolmentId),
        expectDomainError("CONSENT_REQUIRED"),
      );
      await assert.rejects(
        getPathwaySheet(t.db, as("outsider.liaison"), enrolmentId),
        expectDomainError("CONSENT_REQUIRED"),
      );
      await assert.rejects(
        getPathwaySheet(t.db, as("pharm.pharmacist"), enrolmentId),
        expectDomainError("FORBIDDEN"),
      );
      const denied = await t.db
        .select({ actorId: auditEvents.actorId, details: auditEvents.details })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "pathway.view"), eq(auditEvents.outcome, "denied")));
      assert.deepEqual(
        denied.map((d) => d.actorId).sort(),
        [as("outsider.gp"), as("outsider.liaison"), as("pharm.pharmacist")]
          .map((a) => a.practitionerId)
          .sort(),
      );
      await assert.rejects(
        getPathwaySheet(t.db, as("hosp.doctor"), "not-a-uuid"),
        expectDomainError("NOT_FOUND"),
      );
    });

    it("prints the sheet as a PDF with every stage, measure and variance", async () => {
      const doc = await pathwaySheetDocument(t.db, as("hosp.doctor"), enrolmentId);
      assert.equal(doc.patient.localId, "H10001");
      const pdf = await PdfFile.write(await renderPathwaySheetPdf(doc));
      try {
        const text = (await pdf.text()).replace(/\s+/g, "");
        for (const expected of [
          "地域連携クリティカルパス連携シート",
          "脳卒中地域連携パス（第1版）",
          "山田花子",
          "急性期病院",
          "回復期リハビリテーション病院",
          "在院日数18日（目標14日・超過）",
          "退院時BarthelIndex",
          "誤嚥性肺炎のため転院が延期",
          "システム・社会的要因",
          "受け入れ不可（受け入れ枠がない）",
        ]) {
          assert.ok(text.includes(expected), `missing ${expected}`);
        }
      } finally {
        await pdf.remove();
      }
      const [exported] = await t.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, "pathway.document_export"));
      assert.equal(exported?.patientId, n.patients.shared);
    });

    it("keeps the history in order, carrying ids and codes, and the audit chain intact", async () => {
      const history = await t.db
        .select({ kind: pathwayEvents.kind })
        .from(pathwayEvents)
        .where(eq(pathwayEvents.enrolmentId, enrolmentId))
        .orderBy(pathwayEvents.at);
      const kinds = history.map((h) => h.kind);
      assert.equal(kinds[0], "enrolled");
      assert.equal(kinds.at(-1), "completed");
      assert.equal(kinds.filter((k) => k === "handover_accepted").length, 3);
      assert.equal(kinds.filter((k) => k === "handover_declined").length, 1);
      assert.equal(kinds.filter((k) => k === "handover_cancelled").length, 1);
      const audited = await t.db
        .select({ details: auditEvents.details })
        .from(auditEvents)
        .where(sql`${auditEvents.action} like 'pathway.%'`);
      assert.ok(audited.every((a) => !JSON.stringify(a.details).includes("山田")));
      assert.equal((await verifyAuditChain(t.db)).ok, true);
    });
  });

  describe(`pathways: hip fracture measures and withdrawal (${backend})`, () => {
    let t: TestDatabase;
    let n: PathwayNetwork;
    before(async () => {
      t = await createTestDatabase(backend);
      n = await createPathwayNetwork(t.db);
    });
    after(async () => {
      await t.close();
    });

    it("checks the surgery inside its stage, the coded scales, and withdraws with a reason", async () => {
      const doctor = actor(n, "hosp.doctor");
      const enrolled = await enrolPatient(t.db, doctor, {
        patientId: n.patients.shared,
        pathway: "hip_fracture",
        admittedOn: "2026-08-01",
        onsetOn: "2026-07-31",
      });
      let version = enrolled.version;
      const record = (input: object) =>
        recordStageMeasures(t.db, doctor, { enrolmentId: enrolled.enrolmentId, version, ...input });
      await assert.rejects(
        record({ measures: { surgery_date: "2026-07-30" } }),
        expectDomainError("VALIDATION", "measures.surgery_date"),
      );
      await assert.rejects(
        record({ measures: { walking_pre_injury: "running" } }),
        expectDomainError("VALIDATION", "measures.walking_pre_injury"),
      );
      await assert.rejects(
        record({ measures: { surgery_type: "人工骨頭置換術" } }),
        expectDomainError("VALIDATION", "measures.surgery_type"),
      );
      await assert.rejects(
        record({ measures: { osteoporosis_treatment: "yes" } }),
        expectDomainError("VALIDATION", "measures.osteoporosis_treatment"),
      );
      await assert.rejects(
        record({ measures: { weight_bearing: "full" } }),
        expectDomainError("VALIDATION", "measures"),
      );
      const saved = await record({
        measures: {
          walking_pre_injury: "cane",
          surgery_date: "2026-08-02",
          surgery_type: "hemiarthroplasty",
          weight_bearing_discharge: "full",
          osteoporosis_treatment: true,
        },
      });
      version = saved.version;
      await assert.rejects(
        record({ dischargedOn: "2026-08-01" }),
        expectDomainError("VALIDATION", "measures.surgery_date"),
      );
      const withdrawn = await withdrawEnrolment(t.db, doctor, {
        enrolmentId: enrolled.enrolmentId,
        version,
        endedOn: "2026-08-20",
        reason: "condition_changed",
      });
      assert.equal(withdrawn.status, "withdrawn");
      const sheet = await getPathwaySheet(t.db, doctor, enrolled.enrolmentId);
      assert.deepEqual(
        sheet.stages.map((s) => s.status),
        ["discontinued", "not_reached", "not_reached", "not_reached"],
      );
      assert.equal(
        sheet.stages[0]!.measures.find((m) => m.key === "surgery_type")?.display,
        "人工骨頭置換術",
      );
      assert.equal(
        sheet.stages[0]!.measures.find((m) => m.key === "osteoporosis_treatment")?.display,
        "はい",
      );
      // a new hip-fracture enrolment is possible once the first has ended
      await enrolPatient(t.db, doctor, {
        patientId: n.patients.shared,
        pathway: "hip_fracture",
        admittedOn: "2026-10-01",
      });
    });
  });
}

for (const backend of BACKENDS) {
  describe(`pathways: regional statistics over a known dataset (${backend})`, () => {
    let t: TestDatabase;
    let n: PathwayNetwork;
    const patientIds: string[] = [];
    before(async () => {
      t = await createTestDatabase(backend);
      n = await createPathwayNetwork(t.db);
      const acute = (
        admittedOn: string,
        dischargedOn: string | undefined,
        measures: Record<string, string | number>,
        variances: StageRun["variances"] = [],
      ): StageRun => ({
        stageKey: "acute",
        facilityId: n.facilities.hospital,
        by: "hosp.doctor",
        admittedOn,
        dischargedOn,
        measures,
        variances,
      });
      const rehab = (
        admittedOn: string,
        dischargedOn: string,
        measures: Record<string, string | number>,
        variances: StageRun["variances"] = [],
      ): StageRun => ({
        stageKey: "rehabilitation",
        facilityId: n.pathwayFacilities.rehab,
        by: "rehab.doctor",
        admittedOn,
        dischargedOn,
        measures,
        variances,
      });
      const runs: PathwayRun[] = [
        {
          pathway: "stroke",
          stages: [
            acute(
              "2025-01-01",
              "2025-01-10",
              {
                barthel_admission: 20,
                barthel_discharge: 40,
                discharge_destination: "rehabilitation_hospital",
              },
              [{ category: "patient", occurredOn: "2025-01-05" }],
            ),
            rehab("2025-01-10", "2025-03-10", {
              fim_admission: 50,
              fim_discharge: 90,
              barthel_admission: 40,
              barthel_discharge: 80,
              discharge_destination: "home",
            }),
          ],
          end: { as: "complete", on: "2025-03-10" },
        },
        {
          pathway: "stroke",
          stages: [
            acute(
              "2025-02-01",
              "2025-02-20",
              {
                barthel_admission: 10,
                barthel_discharge: 30,
                discharge_destination: "rehabilitation_hospital",
              },
              [{ category: "care_team", occurredOn: "2025-02-10", delayDays: 3 }],
            ),
            rehab(
              "2025-02-20",
              "2025-05-20",
              {
                fim_admission: 40,
                fim_discharge: 70,
                barthel_admission: 30,
                barthel_discharge: 60,
                discharge_destination: "nursing_home",
              },
              [{ category: "system", occurredOn: "2025-05-01", delayDays: 5 }],
            ),
          ],
          end: { as: "complete", on: "2025-05-20" },
        },
        {
          pathway: "stroke",
          stages: [
            acute(
              "2025-03-01",
              "2025-03-15",
              { barthel_admission: 30, barthel_discharge: 70, discharge_destination: "home" },
              [{ category: "patient", occurredOn: "2025-03-03" }],
            ),
          ],
          end: { as: "complete", on: "2025-03-15" },
        },
        { pathway: "stroke", stages: [acute("2026-01-05", undefined, { barthel_admission: 25 })] },
        {
          pathway: "hip_fracture",
          stages: [
            acute("2025-04-01", "2025-04-21", {
              barthel_admission: 40,
              barthel_discharge: 60,
              discharge_destination: "home",
            }),
          ],
          end: { as: "withdraw", on: "2025-04-21" },
        },
      ];
      for (const [i, run] of runs.entries()) {
        const patientId = await consentedPatient(t.db, n, 100 + i);
        patientIds.push(patientId);
        await runPathway(t.db, n, patientId, run);
      }
    });
    after(async () => {
      await t.close();
    });

    it("counts, medians, gains, destinations and variances of a cohort, computed by the database", async () => {
      const st = await getPathwayStatistics(t.db, actor(n, "hosp.liaison"), {
        pathway: "stroke",
        from: "2025-01-01",
        to: "2025-12-31",
      });
      assert.deepEqual(st.enrolments, [{ pathway: "stroke", status: "completed", n: 3 }]);
      assert.deepEqual(st.stages, [
        { pathway: "stroke", stageKey: "acute", patients: 3, inStage: 0 },
        { pathway: "stroke", stageKey: "rehabilitation", patients: 2, inStage: 0 },
      ]);
      assert.deepEqual(st.lengthOfStay, [
        { pathway: "stroke", stageKey: "acute", n: 3, median: 15, mean: 15, targetDays: 14 },
        { pathway: "stroke", stageKey: "rehabilitation", n: 2, median: 75, mean: 75, targetDays: 90 },
      ]);
      assert.deepEqual(
        st.gains.map((g) => [g.stageKey, g.instrument, g.n, g.median, Math.round(g.mean * 100) / 100]),
        [
          ["acute", "barthel", 3, 20, 26.67],
          ["rehabilitation", "barthel", 2, 35, 35],
          ["rehabilitation", "fim", 2, 35, 35],
        ],
      );
      assert.deepEqual(
        st.dischargeDestinations.map((d) => [d.stageKey, d.destination, d.n]),
        [
          ["acute", "rehabilitation_hospital", 2],
          ["acute", "home", 1],
          ["rehabilitation", "home", 1],
          ["rehabilitation", "nursing_home", 1],
        ],
      );
      assert.deepEqual(
        st.variances.map((v) => [v.stageKey, v.category, v.n, v.patients, v.delayDays]).sort(),
        [
          ["acute", "care_team", 1, 1, 3],
          ["acute", "patient", 2, 2, 0],
          ["rehabilitation", "system", 1, 1, 5],
        ],
      );
      const text = JSON.stringify(st);
      for (const id of patientIds) assert.ok(!text.includes(id), "a patient id left the statistics");
    });

    it("without filters takes every pathway and period", async () => {
      const st = await getPathwayStatistics(t.db, actor(n, "office.admin"), {});
      assert.deepEqual(st.enrolments, [
        { pathway: "hip_fracture", status: "withdrawn", n: 1 },
        { pathway: "stroke", status: "active", n: 1 },
        { pathway: "stroke", status: "completed", n: 3 },
      ]);
      assert.deepEqual(
        st.stages.find((s) => s.pathway === "stroke" && s.stageKey === "acute"),
        { pathway: "stroke", stageKey: "acute", patients: 4, inStage: 1 },
      );
      assert.deepEqual(
        st.lengthOfStay.find((s) => s.pathway === "hip_fracture"),
        { pathway: "hip_fracture", stageKey: "acute", n: 1, median: 21, mean: 21, targetDays: 21 },
      );
      await assert.rejects(
        getPathwayStatistics(t.db, actor(n, "hosp.admin"), { from: "2025-12-31", to: "2025-01-01" }),
        expectDomainError("VALIDATION", "to"),
      );
    });

    it("is for coordinators, facility administrators and the network office; others are refused and audited", async () => {
      await assert.rejects(
        getPathwayStatistics(t.db, actor(n, "clinic.gp"), {}),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        exportPathwayStatisticsCsv(t.db, actor(n, "hosp.doctor"), {}),
        expectDomainError("FORBIDDEN"),
      );
      const denied = await t.db
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .where(and(sql`${auditEvents.action} like 'pathway.statistics%'`, eq(auditEvents.outcome, "denied")));
      assert.deepEqual(denied.map((d) => d.action).sort(), [
        "pathway.statistics_export",
        "pathway.statistics_view",
      ]);
      await getPathwayStatistics(t.db, actor(n, "hosp.admin"), {});
    });

    it("exports RFC 4180 CSV in UTF-8 with a byte-order mark for Excel", async () => {
      const csv = await exportPathwayStatisticsCsv(t.db, actor(n, "hosp.liaison"), {
        pathway: "stroke",
        from: "2025-01-01",
        to: "2025-12-31",
      });
      assert.equal(csv.fileName, "pathway-statistics_stroke_2025-01-01_2025-12-31.csv");
      assert.ok(
        csv.text.startsWith(
          "\uFEFF指標 / metric,パス / pathway,段階 / stage,区分 / category,件数 / n,値 / value\r\n",
        ),
      );
      assert.ok(csv.text.endsWith("\r\n"));
      assert.ok(!/[^\r]\n/.test(csv.text), "every line ends in CRLF");
      const lines = csv.text.slice(1).split("\r\n");
      assert.ok(
        lines.includes(
          "在院日数 中央値 / median length of stay (days),脳卒中地域連携パス,急性期病院,目標 14日,3,15",
        ),
      );
      assert.ok(
        lines.includes(
          "退院先 / discharge destination,脳卒中地域連携パス,回復期リハビリテーション病院,特別養護老人ホーム,1,",
        ),
      );
      assert.ok(lines.includes("バリアンス件数 / variances,脳卒中地域連携パス,急性期病院,医療者要因,1,3"));
      assert.ok(
        lines.includes(
          "FIM 利得 中央値 / median FIM gain,脳卒中地域連携パス,回復期リハビリテーション病院,,2,35",
        ),
      );
    });
  });
}
