import { and, desc, eq, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { conferenceParticipants, conferences } from "../../db/schema";
import type { Actor } from "../../model/permissions";

/** The conferences the actor hosts or is invited to, upcoming and live first. */
export async function listMyConferences(db: Db, actor: Actor) {
  return db
    .select({
      id: conferences.id,
      title: conferences.title,
      kind: conferences.kind,
      status: conferences.status,
      scheduledStart: conferences.scheduledStart,
      scheduledEnd: conferences.scheduledEnd,
      role: conferenceParticipants.role,
      admission: conferenceParticipants.admission,
    })
    .from(conferenceParticipants)
    .innerJoin(conferences, eq(conferences.id, conferenceParticipants.conferenceId))
    .where(
      and(
        eq(conferenceParticipants.practitionerId, actor.practitionerId),
        ne(conferenceParticipants.admission, "removed"),
      ),
    )
    .orderBy(
      sql`case ${conferences.status} when 'live' then 0 when 'open' then 1 when 'scheduled' then 2 else 3 end`,
      desc(conferences.scheduledStart),
    )
    .limit(200);
}
