import { and, asc, eq, ilike, isNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { facilities, practitioners } from "../../db/schema";
import { parseInput } from "../../validation";
import { hasRole, isFacilityAdminOf, isNetworkAdmin, type Actor } from "../../model/permissions";
import { escapeLike } from "../../db/escape-like";
import { normalizeKana } from "../patients/normalize";
import { msg } from "../../errors";

const DirectoryQuery = z.object({
  q: z.string().trim().min(1, msg("practitioners.enterNameFacilityLoginID")).max(50),
});

/**
 * The network's directory of practitioners, for inviting colleagues from other
 * facilities: names, professions and facilities, active accounts only.
 *
 * Login IDs are half of a sign-in, so the directory does not hand them out: a
 * practitioner's login ID is shown, and matched by part, only to the
 * administrators of their facility (and the network office). Anyone may still
 * find a colleague by typing their whole login ID, and then sees only what
 * they typed.
 */
export async function searchDirectory(db: Db, actor: Actor, rawInput: unknown) {
  const { q } = parseInput(DirectoryQuery, rawInput);
  const like = `%${escapeLike(q)}%`;
  const kana = `%${normalizeKana(q)}%`;
  const exactLoginId = sql`lower(${practitioners.loginId}) = lower(${q})`;
  const administered: SQL | undefined = isNetworkAdmin(actor)
    ? sql`true`
    : hasRole(actor, "facility_admin")
      ? eq(practitioners.facilityId, actor.facilityId)
      : undefined;
  const rows = await db
    .select({
      id: practitioners.id,
      loginId: practitioners.loginId,
      facilityId: practitioners.facilityId,
      familyName: practitioners.familyName,
      givenName: practitioners.givenName,
      profession: practitioners.profession,
      facilityName: facilities.name,
    })
    .from(practitioners)
    .innerJoin(facilities, eq(facilities.id, practitioners.facilityId))
    .where(
      and(
        isNull(practitioners.disabledAt),
        or(
          exactLoginId,
          administered ? and(administered, ilike(practitioners.loginId, like)) : undefined,
          ilike(practitioners.familyName, like),
          ilike(practitioners.givenName, like),
          ilike(practitioners.familyNameKana, kana),
          ilike(practitioners.givenNameKana, kana),
          ilike(facilities.name, like),
        ),
      ),
    )
    .orderBy(asc(facilities.nameKana), asc(practitioners.familyNameKana))
    .limit(20);
  return rows.map(({ loginId, facilityId, ...entry }) => ({
    ...entry,
    loginId:
      isFacilityAdminOf(actor, facilityId) || loginId.toLowerCase() === q.toLowerCase() ? loginId : null,
  }));
}
