import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, count, eq, sql } from "drizzle-orm";
import {
  auditEvents,
  facilities,
  notifications,
  nursingInstructions,
  practitioners,
} from "../../server/db/schema";
import type { Actor } from "../../server/model/permissions";
import { verifyAuditChain } from "../../server/domain/audit/verify-audit-chain";
import { addConsentFacility } from "../../server/domain/consent/add-consent-facility";
import { withdrawConsent } from "../../server/domain/consent/withdraw-consent";
import { onNotification, type NotificationPush } from "../../server/domain/notifications/notification-bus";
import { listNotifications } from "../../server/domain/notifications/list-notifications";
import { acknowledgeInstruction } from "../../server/domain/nursing-instructions/acknowledge-instruction";
import { cancelInstruction } from "../../server/domain/nursing-instructions/cancel-instruction";
import { discardInstruction } from "../../server/domain/nursing-instructions/discard-instruction";
import { createInstruction } from "../../server/domain/nursing-instructions/create-instruction";
import { getInstruction } from "../../server/domain/nursing-instructions/get-instruction";
import { nursingInstructionDocument } from "../../server/domain/nursing-instructions/instruction-documents";
import { tokyoToday } from "../../server/domain/nursing-instructions/instruction-status";
import { listInstructionStations } from "../../server/domain/nursing-instructions/instruction-station";
import {
  listInstructions,
  listPatientInstructions,
} from "../../server/domain/nursing-instructions/list-instructions";
import { saveInstructionDraft } from "../../server/domain/nursing-instructions/save-instruction-draft";
import { sendInstruction } from "../../server/domain/nursing-instructions/send-instruction";
import { loadDayWork } from "../../server/domain/worklist/day-work";
import { nursingInstructionBundle } from "../../server/documents/fhir/nursing-instruction-bundle";
import { renderNursingInstructionPdf } from "../../server/documents/pdf/nursing-instruction-pdf";
import { validateR4 } from "../helpers/fhir-validation";
import { assertNotoSansJpSubsets, assertVisibleGlyphsInked, PdfFile, squeeze } from "../helpers/pdf";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { expectDomainError } from "../helpers/errors";
import { auditedRead } from "../helpers/audit";
import { actor, createNetwork, tinyPdf, type Network } from "../helpers/fixtures";
import { completeInstruction } from "../helpers/nursing-instruction-content";

/** The day `days` after today in Japan. */
const day = (days: number) =>
  new Date(Date.parse(`${tokyoToday()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

for (const backend of BACKENDS) {
  describe(`visiting-nurse instructions: from the GP to the station (${backend})`, () => {
    let t: TestDatabase;
    let n: Network;
    let gp: Actor;
    let nurse: Actor;
    let stationClerk: Actor;
    let station: string;
    let farStation: string;
    let instructionId: string;
    let revision: number;
    const pushes: NotificationPush[] = [];
    let stopListening: () => void;

    before(async () => {
      t = await createTestDatabase(backend);
      n = await createNetwork(t.db);
      gp = actor(n, "clinic.gp");
      stopListening = onNotification((p) => pushes.push(p));
      const mkStation = async (code: string, name: string) => {
        const [s] = await t.db
          .insert(facilities)
          .values({ code, name, nameKana: "テスト", kind: "visiting_nurse_station", role: "viewing" })
          .returning({ id: facilities.id });
        return s!.id;
      };
      station = await mkStation("0630000009", "テスト訪問看護ステーション");
      farStation = await mkStation("0630000010", "よそ訪問看護ステーション");
      const [doctorRow] = await t.db.select().from(practitioners).limit(1);
      const person = async (loginId: string, profession: "visiting_nurse" | "clerk") => {
        const [row] = await t.db
          .insert(practitioners)
          .values({
            loginId,
            passwordHash: doctorRow!.passwordHash,
            familyName: "訪看",
            givenName: loginId,
            familyNameKana: "ホウカン",
            givenNameKana: "ハナコ",
            profession,
            facilityId: station,
          })
          .returning({ id: practitioners.id });
        return {
          practitionerId: row!.id,
          facilityId: station,
          profession,
          roles: ["staff"] as const,
          sessionId: null,
          ip: "127.0.0.1",
        } satisfies Actor;
      };
      nurse = await person("vn.nurse", "visiting_nurse");
      stationClerk = await person("vn.clerk", "clerk");
      // 連携先追加: the station joins 山田花子's consent; the far station never does
      await addConsentFacility(t.db, actor(n, "hosp.clerk"), {
        consentId: n.consents.shared,
        effectiveOn: "2026-11-01",
        facilityIds: [station],
        document: { fileName: "consent-added.pdf", bytes: tinyPdf("連携先追加 訪問看護") },
      });
    });
    after(async () => {
      stopListening();
      await t.close();
    });

    const rows = async () => {
      const [i] = await t.db.select({ n: count() }).from(nursingInstructions);
      const [note] = await t.db.select({ n: count() }).from(notifications);
      return { instructions: i!.n, notifications: note!.n };
    };

    it("is written by a physician of a clinic or hospital, for a patient inside consent; nothing written on refusal", async () => {
      const before = await rows();
      const patientId = n.patients.shared;
      await assert.rejects(
        createInstruction(t.db, actor(n, "pharm.pharmacist"), { patientId }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        createInstruction(t.db, actor(n, "hosp.clerk"), { patientId }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(createInstruction(t.db, nurse, { patientId }), expectDomainError("FORBIDDEN"));
      await assert.rejects(
        createInstruction(t.db, actor(n, "outsider.gp"), { patientId }),
        expectDomainError("CONSENT_REQUIRED"),
      );
      await assert.rejects(
        createInstruction(t.db, gp, { patientId: n.patients.notShared }),
        expectDomainError("CONSENT_REQUIRED"),
      );
      await assert.rejects(
        createInstruction(t.db, gp, { patientId, stationFacilityId: n.facilities.pharmacy }),
        expectDomainError("VALIDATION", "stationFacilityId"),
      );
      await assert.rejects(
        createInstruction(t.db, gp, { patientId, kind: "weekly" }),
        expectDomainError("VALIDATION", "kind"),
      );
      assert.deepEqual(await rows(), before);
      const denied = await t.db
        .select({ n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "nursing_instruction.create"), eq(auditEvents.outcome, "denied")));
      assert.ok(denied[0]!.n >= 2, "the refusals outside consent are audited");

      const created = await createInstruction(t.db, gp, { patientId, stationFacilityId: station });
      instructionId = created.instructionId;
      revision = created.revision;
      const view = await getInstruction(t.db, gp, instructionId);
      assert.equal(view.status, "draft");
      assert.equal(view.station?.facilityId, station);
      assert.ok(view.can.edit && view.can.send);
      // the station sees nothing of a draft
      await assert.rejects(getInstruction(t.db, nurse, instructionId), expectDomainError("NOT_FOUND"));
      assert.deepEqual(
        (await listInstructionStations(t.db, gp, patientId)).map((s) => s.id),
        [station],
        "only the stations inside the consent are offered",
      );
    });

    it("saves drafts, refuses a stale revision and an impossible period on their fields, and names what sending needs", async () => {
      const save = (content: object, rev = revision, stationFacilityId: string | null = station) =>
        saveInstructionDraft(t.db, gp, { instructionId, revision: rev, stationFacilityId, content });
      const saved = await save({ currentCondition: "右片麻痺" });
      revision = saved.revision;
      await assert.rejects(save({}, revision - 1), expectDomainError("CONFLICT", "revision"));
      await assert.rejects(
        save({ periodStart: day(0), periodEnd: day(200) }),
        expectDomainError("VALIDATION", "content.periodEnd"),
      );
      await assert.rejects(
        save({ kind: "special", periodStart: day(0), periodEnd: day(14), specialReason: "急性増悪" }),
        expectDomainError("VALIDATION", "content.periodEnd"),
      );
      await assert.rejects(
        save({ pressureUlcerDepth: "D9" }),
        expectDomainError("VALIDATION", "content.pressureUlcerDepth"),
      );
      await assert.rejects(
        save({ careLevel: "care_7" }),
        expectDomainError("VALIDATION", "content.careLevel"),
      );
      const [stored] = await t.db
        .select()
        .from(nursingInstructions)
        .where(eq(nursingInstructions.id, instructionId));
      assert.equal(stored!.revision, revision, "a refused save changes nothing");
      assert.equal(stored!.content.currentCondition, "右片麻痺");

      await assert.rejects(sendInstruction(t.db, gp, { instructionId, revision }), (e: unknown) => {
        expectDomainError("VALIDATION")(e);
        const fields = (e as { fields: { field: string }[] }).fields.map((f) => f.field);
        for (const f of [
          "content.periodStart",
          "content.periodEnd",
          "content.mainDiagnosis.name",
          "content.careLevel",
          "content.emergencyContact",
        ])
          assert.ok(fields.includes(f), `missing ${f} in ${fields.join(", ")}`);
        assert.ok(!fields.includes("content.currentCondition"));
        return true;
      });
      const ended = await save(completeInstruction(day(-30), day(-1)));
      revision = ended.revision;
      await assert.rejects(
        sendInstruction(t.db, gp, { instructionId, revision }),
        expectDomainError("VALIDATION", "content.periodEnd"),
      );
    });

    it("refuses a station outside the patient's consent, naming it, and only a physician of the writing facility sends", async () => {
      const before = await rows();
      const outside = await saveInstructionDraft(t.db, gp, {
        instructionId,
        revision,
        stationFacilityId: farStation,
        content: completeInstruction(day(0), day(9)),
      });
      revision = outside.revision;
      await assert.rejects(
        sendInstruction(t.db, gp, { instructionId, revision }),
        expectDomainError("CONSENT_REQUIRED", "stationFacilityId"),
      );
      await assert.rejects(
        sendInstruction(t.db, actor(n, "hosp.doctor"), { instructionId, revision }),
        expectDomainError("NOT_FOUND"),
      );
      const back = await saveInstructionDraft(t.db, gp, {
        instructionId,
        revision,
        stationFacilityId: station,
        content: completeInstruction(day(0), day(9)),
      });
      revision = back.revision;
      const [stored] = await t.db
        .select()
        .from(nursingInstructions)
        .where(eq(nursingInstructions.id, instructionId));
      assert.equal(stored!.status, "draft");
      assert.equal(stored!.documentNumber, null);
      assert.equal((await rows()).notifications, before.notifications, "nobody was told");
    });

    it("sends to the station: its nurses are told after commit, see the period and the days left, and confirm receipt once", async () => {
      pushes.length = 0;
      const sent = await sendInstruction(t.db, gp, { instructionId, revision });
      assert.match(sent.documentNumber ?? "", /^\d{4}-\d{6}$/);
      assert.deepEqual(sent.supersededIds, []);
      assert.equal(pushes.length, 1);
      assert.deepEqual(
        pushes[0]!.recipientIds,
        [nurse.practitionerId],
        "the station's nurses, not its clerk",
      );
      assert.equal(pushes[0]!.kind, "nursing_instruction_received");
      const sendAudit = await t.db
        .select({ details: auditEvents.details })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "nursing_instruction.send"), eq(auditEvents.outcome, "success")));
      assert.equal(sendAudit.length, 1);
      assert.equal((sendAudit[0]!.details as { instructionId: string }).instructionId, instructionId);

      const seen = await getInstruction(t.db, nurse, instructionId);
      assert.equal(seen.side, "station");
      assert.equal(seen.status, "sent");
      assert.deepEqual(seen.period, { start: day(0), end: day(9) });
      assert.equal(seen.daysLeft, 9);
      assert.ok(seen.inForce && seen.expiringSoon);
      assert.ok(seen.can.acknowledge && !seen.can.edit);
      const centre = await listNotifications(t.db, nurse);
      assert.equal(centre.items[0]?.nursingInstructionId, instructionId);
      assert.equal(centre.items[0]?.patientName, "山田 花子");

      // a sent instruction never changes; the GP cannot confirm it, nor can the station's clerk
      await assert.rejects(
        saveInstructionDraft(t.db, gp, {
          instructionId,
          revision: sent.revision,
          stationFacilityId: station,
          content: {},
        }),
        expectDomainError("INVALID_TRANSITION"),
      );
      await assert.rejects(
        acknowledgeInstruction(t.db, gp, { instructionId }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        acknowledgeInstruction(t.db, stationClerk, { instructionId }),
        expectDomainError("FORBIDDEN"),
      );

      pushes.length = 0;
      const ack = await acknowledgeInstruction(t.db, nurse, { instructionId });
      const again = await acknowledgeInstruction(t.db, nurse, { instructionId });
      assert.equal(again.acknowledgedAt, ack.acknowledgedAt, "the second confirmation returns the first");
      assert.equal(pushes.length, 1);
      assert.deepEqual(pushes[0]!.recipientIds, [gp.practitionerId]);
      assert.equal(pushes[0]!.kind, "nursing_instruction_acknowledged");
      const byGp = await getInstruction(t.db, gp, instructionId);
      assert.equal(byGp.status, "acknowledged");
      assert.match(byGp.acknowledgement?.byName ?? "", /vn\.nurse/);
    });

    it("shows the instruction in force on the patient page and, ending within 14 days, in both worklists", async () => {
      for (const reader of [gp, nurse]) {
        const { result: inForce, event } = await auditedRead(
          t.db,
          reader.practitionerId,
          "nursing_instruction.list",
          () => listPatientInstructions(t.db, reader, n.patients.shared),
        );
        assert.deepEqual(
          [event.patientId, event.details.instructionIds],
          [n.patients.shared, inForce.map((i) => i.id)],
        );
        assert.deepEqual(
          inForce.map((i) => [i.id, i.status, i.periodEnd, i.expiringSoon]),
          [[instructionId, "acknowledged", day(9), true]],
        );
        const work = await loadDayWork(t.db, reader);
        assert.equal(work.find((w) => w.kind === "nursingInstructionsExpiring")?.count, 1);
      }
      const nurseWork = await loadDayWork(t.db, nurse);
      assert.equal(nurseWork.find((w) => w.kind === "nursingInstructionsToAcknowledge")?.count, 0);
      const { result: inbox, event } = await auditedRead(
        t.db,
        nurse.practitionerId,
        "nursing_instruction.list",
        () => listInstructions(t.db, nurse, { box: "inbox", expiring: "1" }),
      );
      assert.deepEqual(event.details.patientIds, [n.patients.shared]);
      assert.deepEqual(
        inbox.map((i) => [i.id, i.patientName]),
        [[instructionId, "山田 花子"]],
      );
      // a physician elsewhere has no such tile, and the outsider nothing to open (audited)
      const hospitalWork = await loadDayWork(t.db, actor(n, "hosp.doctor"));
      assert.equal(
        hospitalWork.find((w) => w.kind === "nursingInstructionsExpiring"),
        undefined,
      );
      await assert.rejects(
        getInstruction(t.db, actor(n, "outsider.gp"), instructionId),
        expectDomainError("NOT_FOUND"),
      );
      const denied = await t.db
        .select({ n: count() })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.action, "nursing_instruction.view"),
            eq(auditEvents.outcome, "denied"),
            eq(auditEvents.actorId, actor(n, "outsider.gp").practitionerId),
          ),
        );
      assert.equal(denied[0]!.n, 1);
    });

    it("renews: the next regular instruction supersedes the one it overlaps and takes it off the expiring lists; a special one runs beside it", async () => {
      const next = await createInstruction(t.db, gp, { patientId: n.patients.shared });
      const draft = await getInstruction(t.db, gp, next.instructionId);
      assert.equal(draft.station?.facilityId, station, "the renewal pre-fills the station");
      assert.equal(draft.content.periodStart, day(10), "and starts the day after the last one ends");
      assert.equal(draft.content.mainDiagnosis.name, "脳梗塞後遺症");
      const saved = await saveInstructionDraft(t.db, gp, {
        instructionId: next.instructionId,
        revision: next.revision,
        stationFacilityId: station,
        content: completeInstruction(day(5), day(100)),
      });
      const sent = await sendInstruction(t.db, gp, {
        instructionId: next.instructionId,
        revision: saved.revision,
      });
      assert.deepEqual(sent.supersededIds, [instructionId]);
      assert.equal((await getInstruction(t.db, nurse, instructionId)).status, "superseded");
      assert.equal(
        (await loadDayWork(t.db, nurse)).find((w) => w.kind === "nursingInstructionsExpiring")?.count,
        0,
      );
      assert.equal(
        (await loadDayWork(t.db, nurse)).find((w) => w.kind === "nursingInstructionsToAcknowledge")?.count,
        1,
      );
      await assert.rejects(
        acknowledgeInstruction(t.db, nurse, { instructionId }),
        expectDomainError("INVALID_TRANSITION"),
      );

      const special = await createInstruction(t.db, gp, {
        patientId: n.patients.shared,
        kind: "special",
        stationFacilityId: station,
      });
      const s = await saveInstructionDraft(t.db, gp, {
        instructionId: special.instructionId,
        revision: special.revision,
        stationFacilityId: station,
        content: completeInstruction(day(0), day(13), {
          kind: "special",
          specialReason: "褥瘡の悪化（急性増悪）",
          pressureUlcerDepth: "D3",
        }),
      });
      const sentSpecial = await sendInstruction(t.db, gp, {
        instructionId: special.instructionId,
        revision: s.revision,
      });
      assert.deepEqual(
        sentSpecial.supersededIds,
        [],
        "a special instruction leaves the regular one in force",
      );
      const inForce = await listPatientInstructions(t.db, nurse, n.patients.shared);
      assert.deepEqual(inForce.map((i) => i.kind).sort(), ["regular", "special"]);
      assert.equal(pushes.at(-1)?.urgent, true, "a special instruction is flagged");
    });

    it("exports the sent instruction as a PDF with embedded Japanese glyphs and a valid FHIR document, audited", async () => {
      const doc = await nursingInstructionDocument(t.db, nurse, instructionId, "pdf");
      assert.equal(doc.draft, false);
      assert.equal(doc.station?.id, station);
      const bundle = nursingInstructionBundle(
        await nursingInstructionDocument(t.db, gp, instructionId, "fhir"),
      );
      assert.deepEqual(validateR4(bundle).errors, []);
      assert.equal(bundle.entry![0]!.resource!.resourceType, "Composition");
      assert.match(bundle.identifier?.value ?? "", /^0610000002\^\d{4}\^\d{4}-\d{6}$/);
      const order = bundle.entry!.find((e) => e.resource?.resourceType === "ServiceRequest")?.resource as {
        occurrencePeriod?: { start?: string; end?: string };
      };
      assert.deepEqual(order.occurrencePeriod, { start: day(0), end: day(9) });
      const pdf = await PdfFile.write(await renderNursingInstructionPdf(doc));
      try {
        const text = squeeze(await pdf.text());
        for (const expected of [
          "訪問看護指示書",
          "テスト訪問看護ステーション",
          "脳梗塞後遺症",
          "要介護4",
          "DESIGN-R分類d2",
          "経管栄養",
          "（10日間）",
        ])
          assert.ok(text.includes(squeeze(expected)), `the PDF says ${expected}`);
        await assertNotoSansJpSubsets(pdf);
        await assertVisibleGlyphsInked(pdf, 30);
      } finally {
        await pdf.remove();
      }
      const exports = await t.db
        .select({ n: count() })
        .from(auditEvents)
        .where(eq(auditEvents.action, "nursing_instruction.document_export"));
      assert.equal(exports[0]!.n, 2);
    });

    it("discards a draft: it disappears, audited, nobody told; only the writing facility's physician, only a draft, only the revision seen", async () => {
      const draft = await createInstruction(t.db, gp, {
        patientId: n.patients.shared,
        stationFacilityId: station,
      });
      const before = await rows();
      const discard = (who: Actor, input: object) => discardInstruction(t.db, who, input);
      const input = { instructionId: draft.instructionId, revision: draft.revision };
      await assert.rejects(discard(nurse, input), expectDomainError("NOT_FOUND"));
      await assert.rejects(discard(actor(n, "hosp.doctor"), input), expectDomainError("NOT_FOUND"));
      await assert.rejects(
        discard(gp, { ...input, revision: draft.revision + 1 }),
        expectDomainError("CONFLICT", "revision"),
      );
      await assert.rejects(
        discard(gp, { ...input, revision: "x" }),
        expectDomainError("VALIDATION", "revision"),
      );
      const [sentOne] = await t.db
        .select({ id: nursingInstructions.id, revision: nursingInstructions.revision })
        .from(nursingInstructions)
        .where(eq(nursingInstructions.status, "sent"))
        .limit(1);
      await assert.rejects(
        discard(gp, { instructionId: sentOne!.id, revision: sentOne!.revision }),
        expectDomainError("INVALID_TRANSITION"),
      );
      assert.deepEqual(await rows(), before, "nothing changed by a refusal");

      pushes.length = 0;
      const gone = await discard(gp, input);
      assert.equal(gone.patientId, n.patients.shared);
      assert.deepEqual(await rows(), { ...before, instructions: before.instructions - 1 });
      assert.equal(pushes.length, 0, "nobody is told of a draft");
      await assert.rejects(getInstruction(t.db, gp, draft.instructionId), expectDomainError("NOT_FOUND"));
      const audit = await t.db
        .select({ details: auditEvents.details, patientId: auditEvents.patientId })
        .from(auditEvents)
        .where(
          and(eq(auditEvents.action, "nursing_instruction.discard"), eq(auditEvents.outcome, "success")),
        );
      assert.deepEqual(
        audit.map((a) => [(a.details as { instructionId: string }).instructionId, a.patientId]),
        [[draft.instructionId, n.patients.shared]],
      );
    });

    it("cancels a running instruction with a reason: the station is told, it is in force nowhere, its documents say so", async () => {
      const running = await listPatientInstructions(t.db, gp, n.patients.shared);
      const special = running.find((i) => i.kind === "special")!;
      const regular = running.find((i) => i.kind === "regular")!;
      assert.equal(
        (await loadDayWork(t.db, nurse)).find((w) => w.kind === "nursingInstructionsExpiring")?.count,
        1,
        "the special instruction ends within two weeks",
      );
      const { revision: rev } = await getInstruction(t.db, gp, special.id);
      const before = await rows();
      const cancel = (who: Actor, input: object, now?: Date) =>
        cancelInstruction(
          t.db,
          who,
          { instructionId: special.id, revision: rev, reason: "入院のため", ...input },
          now,
        );
      await assert.rejects(cancel(nurse, {}), expectDomainError("FORBIDDEN"));
      await assert.rejects(cancel(actor(n, "hosp.doctor"), {}), expectDomainError("NOT_FOUND"));
      await assert.rejects(cancel(gp, { reason: " " }), expectDomainError("VALIDATION", "reason"));
      await assert.rejects(cancel(gp, { reason: undefined }), expectDomainError("VALIDATION", "reason"));
      await assert.rejects(cancel(gp, { revision: rev - 1 }), expectDomainError("CONFLICT", "revision"));
      const superseded = await getInstruction(t.db, gp, instructionId);
      await assert.rejects(
        cancel(gp, { instructionId, revision: superseded.revision }),
        expectDomainError("INVALID_TRANSITION"),
      );
      const regularView = await getInstruction(t.db, gp, regular.id);
      const afterItEnded = new Date(Date.parse(`${day(101)}T03:00:00Z`));
      await assert.rejects(
        cancel(gp, { instructionId: regular.id, revision: regularView.revision }, afterItEnded),
        expectDomainError("INVALID_TRANSITION"),
        "an expired instruction is not cancelled",
      );
      assert.deepEqual(await rows(), before, "nothing written by a refusal");
      assert.equal((await getInstruction(t.db, gp, special.id)).status, "sent");

      pushes.length = 0;
      const done = await cancel(gp, {});
      assert.equal(done.revision, rev + 1);
      assert.equal(pushes.length, 1);
      assert.equal(pushes[0]!.kind, "nursing_instruction_cancelled");
      assert.deepEqual(pushes[0]!.recipientIds, [nurse.practitionerId], "the station's nurses");
      const centre = await listNotifications(t.db, nurse);
      assert.equal(centre.items[0]?.nursingInstructionId, special.id);
      assert.equal(centre.items[0]?.kind, "nursing_instruction_cancelled");

      const seen = await getInstruction(t.db, nurse, special.id);
      assert.equal(seen.status, "cancelled");
      assert.equal(seen.inForce, false);
      assert.equal(seen.expiringSoon, false);
      assert.equal(seen.daysLeft, null);
      assert.equal(seen.cancellation?.reason, "入院のため");
      assert.match(seen.cancellation?.byName ?? "", /\S/);
      assert.ok(!seen.can.acknowledge);
      const byGp = await getInstruction(t.db, gp, special.id);
      assert.ok(!byGp.can.cancel && !byGp.can.send && !byGp.can.edit);
      await assert.rejects(
        cancel(gp, { revision: done.revision }),
        expectDomainError("INVALID_TRANSITION"),
        "cancelled once",
      );
      await assert.rejects(
        acknowledgeInstruction(t.db, nurse, { instructionId: special.id }),
        expectDomainError("INVALID_TRANSITION"),
      );

      for (const reader of [gp, nurse]) {
        const inForce = await listPatientInstructions(t.db, reader, n.patients.shared);
        assert.deepEqual(
          inForce.map((i) => i.id),
          [regular.id],
          "the patient page shows only what is in force",
        );
        const work = await loadDayWork(t.db, reader);
        assert.equal(work.find((w) => w.kind === "nursingInstructionsExpiring")?.count ?? 0, 0);
      }
      const expiringInbox = await listInstructions(t.db, nurse, { box: "inbox", expiring: "1" });
      assert.ok(!expiringInbox.some((i) => i.id === special.id));
      const inbox = await listInstructions(t.db, nurse, { box: "inbox" });
      assert.equal(inbox.find((i) => i.id === special.id)?.status, "cancelled");

      const cancelAudit = await t.db
        .select({ details: auditEvents.details })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "nursing_instruction.cancel"), eq(auditEvents.outcome, "success")));
      assert.equal(cancelAudit.length, 1);
      assert.equal((cancelAudit[0]!.details as { instructionId: string }).instructionId, special.id);
      assert.ok(
        !JSON.stringify(cancelAudit[0]!.details).includes("入院"),
        "the reason's words stay out of the audit",
      );

      const bundle = nursingInstructionBundle(
        await nursingInstructionDocument(t.db, nurse, special.id, "fhir"),
      );
      assert.deepEqual(validateR4(bundle).errors, []);
      const order = bundle.entry!.find((e) => e.resource?.resourceType === "ServiceRequest")?.resource as {
        status: string;
        note?: { text: string }[];
      };
      assert.equal(order.status, "revoked");
      assert.ok(order.note?.some((x) => x.text.includes("取消") && x.text.includes("入院のため")));
      const doc = await nursingInstructionDocument(t.db, gp, special.id, "pdf");
      assert.equal(doc.cancelled?.reason, "入院のため");
      const pdf = await PdfFile.write(await renderNursingInstructionPdf(doc));
      try {
        const text = squeeze(await pdf.text());
        for (const expected of ["取り消されました", "取消の理由：入院のため", "取消済み"])
          assert.ok(text.includes(squeeze(expected)), `the PDF says ${expected}`);
      } finally {
        await pdf.remove();
      }
    });

    it("closes to the station when the consent no longer covers it; the audit chain holds", async () => {
      await withdrawConsent(t.db, actor(n, "hosp.clerk"), {
        consentId: n.consents.shared,
        withdrawnOn: tokyoToday(),
        facilityIds: [station],
        document: { fileName: "withdrawal.pdf", bytes: tinyPdf("withdrawn") },
      });
      await assert.rejects(getInstruction(t.db, nurse, instructionId), expectDomainError("CONSENT_REQUIRED"));
      const work = await loadDayWork(t.db, nurse);
      assert.ok(work.some((w) => w.kind === "nursingInstructionsToAcknowledge"));
      const named = await listInstructions(t.db, nurse, { box: "inbox" });
      assert.ok(
        named.every((i) => i.patientName === null),
        "no patient is named once outside consent",
      );
      const leaks = await t.db
        .select({ n: count() })
        .from(auditEvents)
        .where(sql`${auditEvents.details}::text like ${"%山田%"}`);
      assert.equal(leaks[0]!.n, 0, "audit details carry ids, never names");
      assert.equal((await verifyAuditChain(t.db)).ok, true);
    });
  });
}
