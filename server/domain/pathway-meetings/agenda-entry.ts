import type { PathwayCode } from "../../model/pathway-template";

/**
 * One case on an occurrence's agenda, the same for every reader (no patient data).
 * Its own file, so the agenda (meeting-agenda.ts) and what it is built from
 * (agenda-candidates.ts, decision-facilities.ts) share it without importing each other.
 */
export interface AgendaEntry {
  enrolmentId: string;
  patientId: string;
  pathway: PathwayCode;
  /** moved stage (enrolled, handed over, completed, withdrawn) in the window */
  stageChanged: boolean;
  variances: number;
  /** put on by the coordinator */
  added: boolean;
}
