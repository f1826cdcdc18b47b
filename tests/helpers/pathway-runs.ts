import type { Db } from "../../server/db/client";
import { patientLocalIds, patients } from "../../server/db/schema";
import { grantConsent } from "../../server/domain/consent/grant-consent";
import { acceptHandover } from "../../server/domain/pathways/answer-handover";
import { completeEnrolment, withdrawEnrolment } from "../../server/domain/pathways/end-enrolment";
import { enrolPatient } from "../../server/domain/pathways/enrol-patient";
import type { MeasureValue, PathwayCode } from "../../server/model/pathway-template";
import { recordStageMeasures } from "../../server/domain/pathways/record-stage-measures";
import { recordVariance } from "../../server/domain/pathways/record-variance";
import { requestHandover } from "../../server/domain/pathways/request-handover";
import { patientSearchKeys } from "../../server/domain/patients/normalize";
import { formatRegionalId } from "../../server/domain/patients/regional-id";
import { actor, tinyPdf } from "./fixtures";
import type { PathwayNetwork } from "./pathway-network";

export interface StageRun {
  stageKey: string;
  facilityId: string;
  /** who works the stage (enrols or accepts, records, hands over) */
  by: string;
  admittedOn: string;
  dischargedOn?: string;
  measures?: Record<string, MeasureValue>;
  variances?: { category: "patient" | "care_team" | "system"; occurredOn: string; delayDays?: number }[];
}

export interface PathwayRun {
  pathway: PathwayCode;
  stages: StageRun[];
  end?: { as: "complete" | "withdraw"; on: string };
}

/** A new patient who consented at the acute hospital to share with these facilities (the clinic, the rehabilitation hospital and the care facility unless told). */
export async function consentedPatient(
  db: Db,
  n: PathwayNetwork,
  serial: number,
  facilityIds = [n.facilities.clinic, n.pathwayFacilities.rehab, n.pathwayFacilities.care],
): Promise<string> {
  const names = {
    familyName: "連携",
    givenName: `太郎${serial}`,
    familyNameKana: "レンケイ",
    givenNameKana: "タロウ",
  };
  const [row] = await db
    .insert(patients)
    .values({
      regionalId: formatRegionalId(serial),
      ...names,
      birthDate: "1945-02-03",
      sex: "male",
      ...patientSearchKeys(names),
    })
    .returning({ id: patients.id });
  await db
    .insert(patientLocalIds)
    .values({ patientId: row!.id, facilityId: n.facilities.hospital, localId: `H${serial}0001` });
  await grantConsent(db, actor(n, "hosp.clerk"), {
    patientId: row!.id,
    obtainedOn: "2024-05-01",
    facilityIds,
    document: { fileName: "consent.pdf", bytes: tinyPdf() },
  });
  return row!.id;
}

/** Runs one patient through a pathway by the use cases, stage by stage, as the facilities would. */
export async function runPathway(db: Db, n: PathwayNetwork, patientId: string, run: PathwayRun) {
  const [first, ...rest] = run.stages;
  const enrolled = await enrolPatient(db, actor(n, first!.by), {
    patientId,
    pathway: run.pathway,
    admittedOn: first!.admittedOn,
    facilityId: first!.facilityId,
  });
  const enrolmentId = enrolled.enrolmentId;
  let version = enrolled.version;
  const work = async (stage: StageRun) => {
    const by = actor(n, stage.by);
    if (stage.measures || stage.dischargedOn) {
      version = (
        await recordStageMeasures(db, by, {
          enrolmentId,
          version,
          measures: stage.measures ?? {},
          ...(stage.dischargedOn ? { dischargedOn: stage.dischargedOn } : {}),
        })
      ).version;
    }
    for (const v of stage.variances ?? []) {
      version = (await recordVariance(db, by, { enrolmentId, version, description: "計画からの逸脱", ...v }))
        .version;
    }
  };
  await work(first!);
  let previous = first!;
  for (const stage of rest) {
    version = (
      await requestHandover(db, actor(n, previous.by), {
        enrolmentId,
        version,
        toFacilityId: stage.facilityId,
        toStageKey: stage.stageKey,
      })
    ).version;
    version = (
      await acceptHandover(db, actor(n, stage.by), { enrolmentId, version, admittedOn: stage.admittedOn })
    ).version;
    await work(stage);
    previous = stage;
  }
  if (run.end) {
    const by = actor(n, previous.by);
    version = (
      run.end.as === "complete"
        ? await completeEnrolment(db, by, { enrolmentId, version, endedOn: run.end.on })
        : await withdrawEnrolment(db, by, { enrolmentId, version, endedOn: run.end.on, reason: "other" })
    ).version;
  }
  return { enrolmentId, version };
}
