import type { Db } from "../../db/client";
import type { Actor } from "../../model/permissions";
import { listFacilities } from "../facilities/manage-facilities";
import { mayScheduleMeetings } from "./load-meeting";

/**
 * What the scheduling form offers: the facilities that may be invited as a
 * whole (active ones, as scheduleMeeting accepts them), and whether this
 * practitioner may schedule at all. Practitioners are found through the
 * directory search instead: the network has hundreds.
 */
export async function meetingFormOptions(db: Db, actor: Actor) {
  const facilities = (await listFacilities(db))
    .filter((f) => f.active)
    .map((f) => ({ id: f.id, name: f.name, kind: f.kind }));
  return { maySchedule: mayScheduleMeetings(actor), facilities };
}
