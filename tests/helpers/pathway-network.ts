import type { Db } from "../../server/db/client";
import { facilities, practitioners } from "../../server/db/schema";
import type { Actor, Profession, Role } from "../../server/model/permissions";
import { addConsentFacility } from "../../server/domain/consent/add-consent-facility";
import { ensurePathwayTemplates } from "../../server/domain/pathways/pathway-templates";
import { actor, createNetwork, tinyPdf, type Network } from "./fixtures";

export interface PathwayNetwork extends Network {
  pathwayFacilities: { rehab: string; care: string };
}

/**
 * The test network (fixtures.ts) grown into a pathway region: a rehabilitation
 * hospital and a care facility join 山田花子's consent (連携先追加), each with
 * staff; the acute hospital and the rehabilitation hospital get a liaison
 * office (the pathway coordinators). The outsider clinic stays outside every
 * consent. The pathway templates are written.
 */
export async function createPathwayNetwork(
  db: Db,
  options: { totpSecret?: string } = {},
): Promise<PathwayNetwork> {
  const n = await createNetwork(db, options);
  const facility = async (code: string, name: string, kind: "hospital" | "care_facility") => {
    const [row] = await db
      .insert(facilities)
      .values({ code, name, nameKana: "テスト", kind, role: kind === "hospital" ? "disclosing" : "viewing" })
      .returning({ id: facilities.id });
    return row!.id;
  };
  const rehab = await facility("0610000006", "テスト回復期リハビリテーション病院", "hospital");
  const care = await facility("0670000007", "テスト介護老人保健施設", "care_facility");
  const [hospitalDoctor] = await db.select().from(practitioners).limit(1);
  const person = async (
    loginId: string,
    profession: Profession,
    facilityId: string,
    roles: Role[] = ["staff"],
  ) => {
    const [row] = await db
      .insert(practitioners)
      .values({
        loginId,
        passwordHash: hospitalDoctor!.passwordHash,
        totpSecret: hospitalDoctor!.totpSecret,
        totpEnrolledAt: hospitalDoctor!.totpEnrolledAt,
        familyName: "試験",
        givenName: loginId,
        familyNameKana: "シケン",
        givenNameKana: "ハナコ",
        profession,
        facilityId,
        roles,
      })
      .returning({ id: practitioners.id });
    const a: Actor & { loginId: string } = {
      practitionerId: row!.id,
      facilityId,
      profession,
      roles,
      sessionId: null,
      ip: "127.0.0.1",
      loginId,
    };
    n.actors[loginId] = a;
  };
  await person("hosp.liaison", "liaison", n.facilities.hospital);
  await person("rehab.doctor", "physician", rehab);
  await person("rehab.therapist", "therapist", rehab);
  await person("rehab.liaison", "liaison", rehab);
  await person("care.manager", "care_manager", care);
  await person("outsider.liaison", "liaison", n.facilities.outsider);
  await addConsentFacility(db, actor(n, "hosp.clerk"), {
    consentId: n.consents.shared,
    effectiveOn: "2024-06-01",
    facilityIds: [rehab, care],
    document: { fileName: "consent-added.pdf", bytes: tinyPdf("連携先追加") },
  });
  await ensurePathwayTemplates(db);
  return { ...n, pathwayFacilities: { rehab, care } };
}
