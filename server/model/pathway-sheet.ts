import type { DocumentFacility, DocumentPatient } from "./documents";
import type { Label } from "./pathway-template";

/**
 * The pathway sheet (連携パスシート) as its PDF prints it: the part of the sheet
 * the document shows. The domain's sheet (server/domain/pathways/get-pathway-sheet.ts)
 * carries more and must fit this shape; the renderer reads nothing else.
 */
export type SheetStageStatus = "not_reached" | "skipped" | "active" | "completed" | "discontinued";

export interface PathwaySheetPrint {
  enrolment: {
    status: "active" | "completed" | "withdrawn";
    pathwayName: Label;
    templateVersion: number;
    onsetOn: string | null;
    startedOn: string;
    endedOn: string | null;
  };
  stages: {
    name: Label;
    inpatient: boolean;
    targetDays: number;
    status: SheetStageStatus;
    facility: { name: string } | null;
    admittedOn: string | null;
    dischargedOn: string | null;
    lengthOfStay: number | null;
    overTarget: boolean;
    measures: { label: Label; display: string }[];
    variances: {
      occurredOn: string;
      categoryLabel: Label;
      description: string;
      reason: string;
      delayDays: number | null;
    }[];
    declinedHandovers: {
      facilityName: string;
      status: "declined" | "cancelled";
      reasonLabel: Label | null;
      note: string | null;
    }[];
  }[];
  decisions: {
    occursAt: Date;
    decision: string;
    responsibleFacilityName: string;
    dueOn: string | null;
  }[];
}

/** What the pathway sheet's PDF renderer is given: the sheet, the patient as documents show them, who printed it when. */
export interface PathwaySheetDocument {
  sheet: PathwaySheetPrint;
  patient: DocumentPatient;
  /** the facility printing it (its local patient ID is shown) */
  issuer: DocumentFacility;
  /** ISO instant */
  issuedAt: string;
}
