import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { conferenceChatMessages, practitioners } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { ChatMessageInput, ConferenceIdInput } from "./conferences.schema";
import { requireAdmittedMember, type Membership } from "./load-membership";

/**
 * Chat in the room, stored with the conference. `member` answers the actor's
 * membership (a socket passes what it already knows).
 */
export async function postChatMessage(
  db: Db,
  actor: Actor,
  rawInput: unknown,
  member: (conferenceId: string) => Promise<Membership> = (id) => requireAdmittedMember(db, actor, id),
) {
  const input = parseInput(ChatMessageInput, rawInput);
  const me = await member(input.conferenceId);
  if (!me.grants.chat) throw new DomainError("FORBIDDEN", msg("conferences.chatNotAllowedRole"));
  const [message] = await db
    .insert(conferenceChatMessages)
    .values({ conferenceId: input.conferenceId, practitionerId: actor.practitionerId, body: input.body })
    .returning();
  return message!;
}

export async function listChatMessages(db: Db, actor: Actor, rawInput: unknown) {
  const { conferenceId } = parseInput(ConferenceIdInput, rawInput);
  await requireAdmittedMember(db, actor, conferenceId);
  return db
    .select({
      id: conferenceChatMessages.id,
      body: conferenceChatMessages.body,
      createdAt: conferenceChatMessages.createdAt,
      practitionerId: conferenceChatMessages.practitionerId,
      familyName: practitioners.familyName,
      givenName: practitioners.givenName,
    })
    .from(conferenceChatMessages)
    .innerJoin(practitioners, eq(practitioners.id, conferenceChatMessages.practitionerId))
    .where(eq(conferenceChatMessages.conferenceId, conferenceId))
    .orderBy(asc(conferenceChatMessages.createdAt))
    .limit(1000);
}
