/** The practitioners of every facility: the demo users first, then staff by profession. */
import { CONSENT_RECORDING_PROFESSIONS } from "../../model/permissions";
import {
  type Context,
  type DemoIds,
  type DepartmentRow,
  type GenerateOptions,
  NETWORK_START,
  type PractitionerRole,
  type PractitionerRow,
  type Profession,
  personName,
} from "./network";
import { DEMO_TOTP_ENROLLED_AT, DEMO_USERS } from "./cast";
import { type PlannedFacility, staffOf } from "./facilities";

// ---------------------------------------------------------------------------
// Practitioners and the consent forms they uploaded

export function makePractitioners(
  ctx: Context,
  planned: readonly PlannedFacility[],
  demoIds: DemoIds,
  credentials: Pick<GenerateOptions, "passwordHash" | "totpSecret">,
  departmentRows: readonly DepartmentRow[],
) {
  const { rng } = ctx;
  const rows: PractitionerRow[] = [];
  // Doctors are spread over their facility's departments in turn (no random draw, so the
  // rest of the network stays what it was for a given seed).
  const departmentsOf = new Map<string, DepartmentRow[]>();
  for (const d of departmentRows)
    departmentsOf.set(d.facilityId, [...(departmentsOf.get(d.facilityId) ?? []), d]);
  const doctorsSoFar = new Map<string, number>();
  const departmentFor = (facilityId: string, profession: Profession): string | null => {
    if (profession !== "physician" && profession !== "dentist") return null;
    const options = departmentsOf.get(facilityId) ?? [];
    if (options.length === 0) return null;
    const k = doctorsSoFar.get(facilityId) ?? 0;
    doctorsSoFar.set(facilityId, k + 1);
    return options[k % options.length]!.id;
  };
  /** Who may record a consent at each facility. */
  const recordersAt = new Map<string, string[]>();
  const firstAt = new Map<string, string>();
  const notEnrolled = { totpSecret: null, totpEnrolledAt: null } as const;
  const add = (row: Omit<PractitionerRow, "id" | "passwordHash" | "createdAt" | "updatedAt">) => {
    const id = rng.uuid();
    rows.push({
      id,
      passwordHash: credentials.passwordHash,
      createdAt: NETWORK_START,
      updatedAt: NETWORK_START,
      ...row,
    });
    if (!firstAt.has(row.facilityId)) firstAt.set(row.facilityId, id);
    if (CONSENT_RECORDING_PROFESSIONS.includes(row.profession)) {
      recordersAt.set(row.facilityId, [...(recordersAt.get(row.facilityId) ?? []), id]);
    }
  };

  let serial = 0;
  for (const f of planned) {
    staffOf(rng, f.category).forEach((profession, i) => {
      const sex = rng.chance(0.5) ? "male" : "female";
      const person = personName(ctx, sex, rng.chance(0.7) ? "middle" : "younger");
      const roles: PractitionerRole[] = ["staff"];
      if (i === 0) roles.push("facility_admin");
      if (f.category === "network_office") roles.push("network_admin");
      serial += 1;
      add({
        loginId: `p${String(serial).padStart(5, "0")}`,
        ...person,
        profession,
        facilityId: f.row.id,
        departmentId: departmentFor(f.row.id, profession),
        roles,
        ...notEnrolled,
      });
    });
  }
  for (const u of DEMO_USERS) {
    add({
      loginId: u.loginId,
      familyName: u.familyName,
      givenName: u.givenName,
      familyNameKana: u.familyNameKana,
      givenNameKana: u.givenNameKana,
      profession: u.profession,
      facilityId: demoIds[u.facility],
      departmentId: u.department
        ? (departmentsOf.get(demoIds[u.facility])?.find((d) => d.name === u.department)?.id ?? null)
        : null,
      roles: [...u.roles],
      ...(u.enrolled
        ? { totpSecret: credentials.totpSecret, totpEnrolledAt: DEMO_TOTP_ENROLLED_AT }
        : notEnrolled),
    });
  }
  return { rows, recordersAt, firstAt };
}
