import type { Actor } from "@/server/model/permissions";
import { isDomainError } from "@/server/errors";
import { getRoomAgenda } from "@/server/domain/pathway-meetings/conference-occurrence";
import { call } from "@/app/lib/call";

/**
 * A pathway meeting's room shows its occurrence's agenda (per-reader
 * redaction, the coordinator's forms) instead of the conference's generic
 * one. Null when the conference is no pathway meeting's, or the reader is
 * no longer at the meeting (uninvited since): the room then shows the
 * conference's own agenda, which is redacted per reader too.
 */
export async function loadRoomAgenda(actor: Actor, conferenceId: string) {
  try {
    return await call(getRoomAgenda, actor, { conferenceId });
  } catch (e) {
    if (isDomainError(e) && (e.code === "NOT_FOUND" || e.code === "FORBIDDEN")) return null;
    throw e;
  }
}
