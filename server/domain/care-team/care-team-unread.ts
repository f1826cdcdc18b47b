import { and, eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { careTeamMembers, careTeamPosts, careTeamReads, patients } from "../../db/schema";

/*
 * A member's unread posts, kept as a number on their member row
 * (care_team_members.unread_count) instead of counted from every post of the
 * patient against the reads each time a worklist is shown.
 *
 * A post or reply counts as unread for a member when someone else wrote it,
 * after the member joined (unread_since; null for the members of before the
 * counter: everything), and the member has no read receipt (既読) for it. The
 * same rule is applied when a post adds one, when reads take one off and when
 * the whole number is recounted, so the three never disagree:
 *   - posting adds one for every other member not removed, those whose facility
 *     is outside the consent for now included (what they did not read stays
 *     unread should their facility be added back);
 *   - recording reads takes off, in the transaction that inserts the
 *     receipts, the posts whose receipt is new and that counted (a receipt
 *     already there, from another tab, takes nothing off);
 *   - joining or rejoining starts at zero from that moment: the history is
 *     there to read (and reading it records receipts), it is not news.
 * Joining and posting are serialised on the patient's row (joining takes it
 * for no-key update, posting for share, so posts do not wait on each other),
 * each first in its transaction: a post either committed before the member's
 * start, or sees the member when it adds its one.
 */

/** Posting's side of the serialisation: held until the post commits. */
export async function lockTeamForPosting(tx: Db, patientId: string): Promise<void> {
  await tx.execute(sql`select 1 from ${patients} where ${patients.id} = ${patientId} for share`);
}

/**
 * A post just written (in `tx`, after lockTeamForPosting): one more unread for
 * every other member of the team who has not left it. The rows are locked in
 * one order first, so two posts at once wait for each other instead of each
 * holding a row the other needs.
 */
export async function countNewPost(tx: Db, postId: string): Promise<void> {
  const counted = sql`select m.id from ${careTeamMembers} m join ${careTeamPosts} p on p.id = ${postId}
    where m.patient_id = p.patient_id and m.practitioner_id <> p.author_id
      and m.removed_at is null and (m.unread_since is null or p.created_at > m.unread_since)`;
  await tx.execute(sql`select 1 from ${careTeamMembers} where id in (${counted})
    order by id for no key update`);
  await tx.execute(
    sql`update ${careTeamMembers} set unread_count = unread_count + 1 where id in (${counted})`,
  );
}

/**
 * Records that `practitionerId` has read `postIds` (posts of `patientId`)
 * and takes off their unread count the ones newly read that counted. Returns
 * the ids newly read and the member's unread count after (null for someone not
 * on the team, whose receipts are recorded without a count).
 */
export async function recordReads(
  tx: Db,
  patientId: string,
  practitionerId: string,
  postIds: readonly string[],
): Promise<{ newlyRead: string[]; unread: number | null }> {
  const inserted = postIds.length
    ? await tx
        .insert(careTeamReads)
        .values(postIds.map((postId) => ({ postId, practitionerId })))
        .onConflictDoNothing()
        .returning({ postId: careTeamReads.postId })
    : [];
  const newlyRead = inserted.map((r) => r.postId);
  if (newlyRead.length === 0) {
    const [member] = await tx
      .select({ unread: careTeamMembers.unreadCount })
      .from(careTeamMembers)
      .where(
        and(eq(careTeamMembers.patientId, patientId), eq(careTeamMembers.practitionerId, practitionerId)),
      );
    return { newlyRead, unread: member?.unread ?? null };
  }
  const [member] = await queryRows<{ unread: number }>(
    tx,
    sql`update ${careTeamMembers} m set unread_count = m.unread_count - (
          select count(*)::int from ${careTeamPosts} p
          where p.id = any(${`{${newlyRead.join(",")}}`}::uuid[]) and p.patient_id = m.patient_id
            and p.author_id <> m.practitioner_id and (m.unread_since is null or p.created_at > m.unread_since))
        where m.patient_id = ${patientId} and m.practitioner_id = ${practitionerId}
        returning m.unread_count as unread`,
  );
  return { newlyRead, unread: member?.unread ?? null };
}

/**
 * Joining's side, first in the transaction that adds or re-adds a member: waits
 * for the posts being written to commit and keeps new ones out until it does.
 * First, so that it never holds a member row a post is waiting for.
 */
export async function lockTeamForJoining(tx: Db, patientId: string): Promise<void> {
  await tx.execute(sql`select 1 from ${patients} where ${patients.id} = ${patientId} for no key update`);
}

/**
 * The member just added or re-added (after lockTeamForJoining) starts at zero
 * from now: the clock, not the transaction's start, so that a post that
 * committed while the lock was awaited is before it.
 */
export async function startUnreadCount(tx: Db, memberId: string): Promise<void> {
  await tx.execute(sql`update ${careTeamMembers} set unread_count = 0, unread_since = clock_timestamp()
    where ${careTeamMembers.id} = ${memberId}`);
}

/**
 * Counts again from the posts and the reads, by the same rule: for rows
 * written without the use cases (the demo seed, benches) and to check the
 * counter against the truth. All the patients' members, or those of
 * `patientIds`.
 */
export async function recountUnread(tx: Db, patientIds?: readonly string[]): Promise<void> {
  const only = patientIds ? sql`where m.patient_id = any(${`{${patientIds.join(",")}}`}::uuid[])` : sql``;
  await tx.execute(sql`update ${careTeamMembers} m set unread_count = (
      select count(*)::int from ${careTeamPosts} p
      where p.patient_id = m.patient_id and p.author_id <> m.practitioner_id
        and (m.unread_since is null or p.created_at > m.unread_since)
        and not exists (select 1 from ${careTeamReads} r where r.post_id = p.id and r.practitioner_id = m.practitioner_id))
    ${only}`);
}
