import { and, eq, max } from "drizzle-orm";
import type { Db } from "../../db/client";
import { conferenceAgendaItems, conferenceParticipants } from "../../db/schema";

/**
 * Small additions to a conference already open, in the caller's transaction
 * and without checks (the caller did them): a pathway meeting's room takes in
 * invitees as they arrive and the cases added to the meeting's agenda later.
 */

/** Adds participants not on the list yet (admitted: they were invited), leaving everyone else as they are. */
export async function addConferenceParticipants(
  tx: Db,
  conferenceId: string,
  practitionerIds: string[],
): Promise<void> {
  if (practitionerIds.length === 0) return;
  const now = new Date();
  await tx
    .insert(conferenceParticipants)
    .values(
      [...new Set(practitionerIds)].map((practitionerId) => ({
        conferenceId,
        practitionerId,
        role: "participant" as const,
        admission: "admitted" as const,
        admittedAt: now,
      })),
    )
    .onConflictDoNothing();
}

/** Puts cases not on the agenda yet at its end, in the order given. */
export async function addConferenceAgendaCases(
  tx: Db,
  conferenceId: string,
  cases: { patientId: string; question: string }[],
  addedBy: string,
): Promise<void> {
  if (cases.length === 0) return;
  const [last] = await tx
    .select({ position: max(conferenceAgendaItems.position) })
    .from(conferenceAgendaItems)
    .where(eq(conferenceAgendaItems.conferenceId, conferenceId));
  const first = (last?.position ?? -1) + 1;
  await tx
    .insert(conferenceAgendaItems)
    .values(
      cases.map((c, i) => ({
        conferenceId,
        patientId: c.patientId,
        position: first + i,
        question: c.question,
        addedBy,
      })),
    )
    .onConflictDoNothing();
}

export async function removeConferenceAgendaCase(
  tx: Db,
  conferenceId: string,
  patientId: string,
): Promise<void> {
  await tx
    .delete(conferenceAgendaItems)
    .where(
      and(
        eq(conferenceAgendaItems.conferenceId, conferenceId),
        eq(conferenceAgendaItems.patientId, patientId),
      ),
    );
}
