import type { DocumentFacility } from "./documents";
import type { Label, PathwayCode } from "./pathway-template";

/** A pathway meeting series' and occurrence's statuses; the database enums are made from these lists. */
export const MEETING_STATUSES = ["scheduled", "cancelled"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const OCCURRENCE_STATUSES = ["scheduled", "open", "cancelled"] as const;
export type OccurrenceStatus = (typeof OCCURRENCE_STATUSES)[number];

export type AgendaCase =
  | {
      position: number;
      redacted: false;
      enrolmentId: string;
      patientId: string;
      regionalId: string;
      name: string;
      nameKana: string;
      birthDate: string;
      sex: string;
      pathway: PathwayCode;
      pathwayName: Label;
      status: string;
      currentStage: { key: string; name: Label; facilityName: string | null } | null;
      reasons: { stageChanged: boolean; variances: number; added: boolean };
      changes: { kind: string; stageKey: string | null; at: Date; details: Record<string, unknown> }[];
      decisions: {
        id: string;
        decision: string;
        responsibleFacilityId: string;
        responsibleFacilityName: string;
        dueOn: string | null;
      }[];
    }
  /** outside this reader's consent: the line stays, without who or why */
  | { position: number; redacted: true; enrolmentId: string };

/** A case shown to this reader, as the minutes print it. */
export type MinutesCase = Omit<Extract<AgendaCase, { redacted: false }>, "changes">;

/**
 * What the minutes' PDF renderer is given: the occurrence, who attended, and
 * its agenda as this reader may see it. A case outside the reader's consent
 * keeps only its place: not even its enrolment reaches the renderer.
 */
export interface MeetingMinutesDocument {
  meeting: {
    id: string;
    title: string;
    /** null: the meeting reviews every pathway */
    pathway: { code: PathwayCode; name: Label } | null;
    status: MeetingStatus;
    location: string;
    organizerFacilityName: string;
  };
  occurrence: {
    id: string;
    /** ISO instants */
    startsAt: string;
    endsAt: string;
    status: OccurrenceStatus;
  };
  /** the changes the agenda was built from: ISO instants */
  window: { since: string; until: string };
  attendance: {
    name: string;
    facilityName: string;
    /** ISO instants */
    firstJoinedAt: string;
    lastJoinedAt: string;
  }[];
  cases: (MinutesCase | { position: number; redacted: true })[];
  /** the facility printing it, and who */
  issuer: DocumentFacility;
  printedBy: string;
  /** ISO instant */
  issuedAt: string;
}
