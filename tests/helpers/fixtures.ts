import type { Db } from "../../server/db/client";
import { facilities, patientLocalIds, patients, practitioners } from "../../server/db/schema";
import { hashPassword } from "../../server/auth/password";
import type { Actor, Profession, Role } from "../../server/model/permissions";
import { grantConsent } from "../../server/domain/consent/grant-consent";
import { patientSearchKeys } from "../../server/domain/patients/normalize";
import { formatRegionalId } from "../../server/domain/patients/regional-id";

export const PASSWORD = "Test-password-2026";

/** A minimal one-page PDF: enough for content sniffing and a browser to open. */
export function tinyPdf(text = "signed consent"): Uint8Array {
  const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

/** A Windows executable's first bytes, to be uploaded under a .pdf name. */
export function fakeExecutable(): Uint8Array {
  const bytes = new Uint8Array(208);
  bytes.set([0x4d, 0x5a, 0x90, 0x00, 0x03]); // "MZ"
  return bytes;
}

interface PractitionerSpec {
  loginId: string;
  profession: Profession;
  facility: keyof Network["facilities"];
  roles?: Role[];
}

export interface Network {
  facilities: { hospital: string; clinic: string; outsider: string; pharmacy: string; office: string };
  actors: Record<string, Actor & { loginId: string }>;
  patients: { shared: string; notShared: string; withdrawn: string };
  consents: { shared: string; withdrawn: string };
}

/**
 * A small network for integration tests: a hospital, a clinic and a pharmacy
 * inside one patient's consent, an outsider clinic never in it, and the
 * network office. Practitioners get PASSWORD and no TOTP yet.
 */
export async function createNetwork(db: Db, options: { totpSecret?: string } = {}): Promise<Network> {
  const mk = async (
    code: string,
    name: string,
    kind: "hospital" | "medical_clinic" | "pharmacy" | "other",
  ) => {
    const [row] = await db
      .insert(facilities)
      .values({ code, name, nameKana: "テスト", kind, role: kind === "hospital" ? "disclosing" : "viewing" })
      .returning({ id: facilities.id });
    return row!.id;
  };
  const f = {
    hospital: await mk("0610000001", "テスト総合病院", "hospital"),
    clinic: await mk("0610000002", "テスト内科クリニック", "medical_clinic"),
    outsider: await mk("0610000003", "よそ内科", "medical_clinic"),
    pharmacy: await mk("0640000004", "テスト薬局", "pharmacy"),
    office: await mk("0690000005", "協議会事務局", "other"),
  };
  const passwordHash = await hashPassword(PASSWORD);
  const specs: PractitionerSpec[] = [
    { loginId: "hosp.doctor", profession: "physician", facility: "hospital" },
    { loginId: "hosp.clerk", profession: "clerk", facility: "hospital" },
    {
      loginId: "hosp.admin",
      profession: "physician",
      facility: "hospital",
      roles: ["staff", "facility_admin"],
    },
    { loginId: "clinic.gp", profession: "physician", facility: "clinic" },
    { loginId: "outsider.gp", profession: "physician", facility: "outsider" },
    { loginId: "outsider.clerk", profession: "clerk", facility: "outsider" },
    { loginId: "pharm.pharmacist", profession: "pharmacist", facility: "pharmacy" },
    { loginId: "office.admin", profession: "clerk", facility: "office", roles: ["staff", "network_admin"] },
  ];
  const actors: Network["actors"] = {};
  for (const s of specs) {
    const [row] = await db
      .insert(practitioners)
      .values({
        loginId: s.loginId,
        passwordHash,
        familyName: "試験",
        givenName: s.loginId,
        familyNameKana: "シケン",
        givenNameKana: "タロウ",
        profession: s.profession,
        facilityId: f[s.facility],
        roles: s.roles ?? ["staff"],
        totpSecret: options.totpSecret ?? null,
        totpEnrolledAt: options.totpSecret ? new Date() : null,
      })
      .returning({ id: practitioners.id });
    actors[s.loginId] = {
      practitionerId: row!.id,
      facilityId: f[s.facility],
      profession: s.profession,
      roles: s.roles ?? ["staff"],
      sessionId: null,
      ip: "127.0.0.1",
      loginId: s.loginId,
    };
  }
  const mkPatient = async (
    serial: number,
    family: string,
    given: string,
    familyKana: string,
    givenKana: string,
  ) => {
    const [row] = await db
      .insert(patients)
      .values({
        regionalId: formatRegionalId(serial),
        familyName: family,
        givenName: given,
        familyNameKana: familyKana,
        givenNameKana: givenKana,
        birthDate: "1948-04-01",
        sex: "female",
        ...patientSearchKeys({
          familyName: family,
          givenName: given,
          familyNameKana: familyKana,
          givenNameKana: givenKana,
        }),
      })
      .returning({ id: patients.id });
    await db
      .insert(patientLocalIds)
      .values({ patientId: row!.id, facilityId: f.hospital, localId: `H${serial}0001` });
    return row!.id;
  };
  const p = {
    shared: await mkPatient(1, "山田", "花子", "ヤマダ", "ハナコ"),
    notShared: await mkPatient(2, "山田", "一郎", "ヤマダ", "イチロウ"),
    withdrawn: await mkPatient(3, "佐藤", "和子", "サトウ", "カズコ"),
  };
  const clerk = actors["hosp.clerk"]!;
  const shared = await grantConsent(db, clerk, {
    patientId: p.shared,
    obtainedOn: "2024-05-01",
    facilityIds: [f.clinic, f.pharmacy],
    document: { fileName: "consent.pdf", bytes: tinyPdf() },
  });
  const withdrawn = await grantConsent(db, clerk, {
    patientId: p.withdrawn,
    obtainedOn: "2023-01-10",
    facilityIds: [f.clinic],
    document: { fileName: "consent.pdf", bytes: tinyPdf() },
  });
  return {
    facilities: f,
    actors,
    patients: p,
    consents: { shared: shared.consentId, withdrawn: withdrawn.consentId },
  };
}

export function actor(network: Network, loginId: string): Actor {
  const a = network.actors[loginId];
  if (!a) throw new Error(`no test practitioner ${loginId}`);
  return a;
}

/** One more facility in a test's network (a station, a care office, another hospital). */
export async function addFacility(
  db: Db,
  f: {
    code: string;
    name: string;
    kind: (typeof facilities.$inferInsert)["kind"];
    role?: "disclosing" | "viewing";
  },
): Promise<string> {
  const [row] = await db
    .insert(facilities)
    .values({ code: f.code, name: f.name, nameKana: "テスト", kind: f.kind, role: f.role ?? "viewing" })
    .returning({ id: facilities.id });
  return row!.id;
}

/** One more staff member at a facility (the password of the network's first practitioner), as an actor. */
export async function addPractitioner(
  db: Db,
  p: { loginId: string; profession: Profession; facilityId: string },
): Promise<Actor> {
  const [someone] = await db
    .select({ passwordHash: practitioners.passwordHash })
    .from(practitioners)
    .limit(1);
  const [row] = await db
    .insert(practitioners)
    .values({
      loginId: p.loginId,
      passwordHash: someone!.passwordHash,
      familyName: "テスト",
      givenName: p.loginId,
      familyNameKana: "テスト",
      givenNameKana: "テスト",
      profession: p.profession,
      facilityId: p.facilityId,
    })
    .returning({ id: practitioners.id });
  return {
    practitionerId: row!.id,
    facilityId: p.facilityId,
    profession: p.profession,
    roles: ["staff"],
    sessionId: null,
    ip: "127.0.0.1",
  };
}
