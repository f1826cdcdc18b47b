import { and, asc, eq, ilike, isNull, or } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { facilities, practitioners } from "../../db/schema";
import { parseInput } from "../../validation";
import { escapeLike } from "../../db/escape-like";
import { normalizeKana } from "../patients/normalize";

const DirectoryQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1, "名前・施設名・ログインIDを入力してください / Enter a name, facility or login ID")
    .max(50),
});

/**
 * The network's directory of practitioners, for inviting colleagues from other
 * facilities: names, professions and facilities only, active accounts only.
 */
export async function searchDirectory(db: Db, rawInput: unknown) {
  const { q } = parseInput(DirectoryQuery, rawInput);
  const like = `%${escapeLike(q)}%`;
  const kana = `%${normalizeKana(q)}%`;
  return db
    .select({
      id: practitioners.id,
      loginId: practitioners.loginId,
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
          ilike(practitioners.loginId, like),
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
}
