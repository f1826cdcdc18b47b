/** The demo network's shape: its size, row types, days, and the helpers every generator shares. */
import type {
  attachments,
  consentEvents,
  consentScope,
  consents,
  departments,
  facilities,
  facilityKind,
  patientLocalIds,
  patients,
  practitionerRole,
  practitioners,
  profession,
} from "../../db/schema";
import {
  FEMALE_GIVEN_NAMES_BY_ERA,
  MALE_GIVEN_NAMES_BY_ERA,
  OKITAMA_MUNICIPALITIES,
  type Era,
  type Municipality,
  type NameEntry,
} from "./names";
import { type SeededRandom } from "./random";
import { type DemoFacilityKey } from "./cast";

export type Profession = (typeof profession.enumValues)[number];

export type PractitionerRole = (typeof practitionerRole.enumValues)[number];

export type FacilityKind = (typeof facilityKind.enumValues)[number];

type WithId<T> = T & { id: string };

export type FacilityRow = WithId<typeof facilities.$inferInsert>;

export type DepartmentRow = WithId<typeof departments.$inferInsert>;

export type PractitionerRow = WithId<typeof practitioners.$inferInsert>;

export type AttachmentRow = WithId<typeof attachments.$inferInsert>;

export type PatientRow = WithId<typeof patients.$inferInsert>;

export type ConsentRow = WithId<typeof consents.$inferInsert>;

export type ConsentEventRow = WithId<typeof consentEvents.$inferInsert>;

export type ConsentScopeRow = typeof consentScope.$inferInsert;

export type PatientLocalIdRow = WithId<typeof patientLocalIds.$inferInsert>;

export const DEFAULT_SEED = 20_120_101;

/** The reference network's size (OKI-net's public profile); `scale` multiplies it. */
export const REFERENCE_NETWORK = {
  hospitals: 17,
  medicalClinics: 59,
  dentalClinics: 6,
  pharmacies: 9,
  careFacilities: 9,
  others: 5,
  patients: 18_221,
} as const;

export type NetworkSize = { readonly [K in keyof typeof REFERENCE_NETWORK]: number };

/** Consents in the demo were signed between these days (inclusive). */
export const FIRST_CONSENT_DAY = "2012-01-01";

export const LAST_CONSENT_DAY = "2026-10-31";

/** Ages are counted on this day. */
export const AGE_REFERENCE_DAY = "2026-11-01";

/** When the network (and so every facility and account) was set up. */
export const NETWORK_START = new Date("2011-12-01T00:00:00+09:00");

// ---------------------------------------------------------------------------
// Sizes

export function networkSize(scale = 1): NetworkSize {
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`scale must be a positive number, not ${scale}`);
  }
  // The minimums keep every demo facility and user in place at any scale.
  const of = (n: number, min: number) => Math.max(min, Math.round(n * scale));
  const r = REFERENCE_NETWORK;
  return {
    hospitals: of(r.hospitals, 2),
    medicalClinics: of(r.medicalClinics, 1),
    dentalClinics: of(r.dentalClinics, 1),
    pharmacies: of(r.pharmacies, 1),
    careFacilities: of(r.careFacilities, 1),
    others: of(r.others, 2),
    patients: of(r.patients, 2),
  };
}

// ---------------------------------------------------------------------------
// The generated network

export interface GenerateOptions {
  scale?: number;
  seed?: number;
  /** One hash shared by every seeded account (see seed-demo-data.ts). */
  passwordHash: string;
  /** Base32 TOTP secret for the enrolled demo users. */
  totpSecret: string;
  /** Where the demo record server (server/demo/records) answers for the hospitals. */
  recordServerUrl?: string;
}

export interface DemoNetwork {
  readonly seed: number;
  readonly scale: number;
  readonly facilities: FacilityRow[];
  readonly departments: DepartmentRow[];
  readonly practitioners: PractitionerRow[];
  readonly attachments: AttachmentRow[];
  readonly patients: PatientRow[];
  readonly consents: ConsentRow[];
  readonly consentEvents: ConsentEventRow[];
  readonly consentScope: ConsentScopeRow[];
  readonly patientLocalIds: PatientLocalIdRow[];
  /** Ids of the fixed demo facilities. */
  readonly demoFacilityIds: { readonly [K in DemoFacilityKey]: string };
}

export const DAY_MS = 86_400_000;

export const dayNumber = (isoDay: string) => Math.floor(Date.parse(`${isoDay}T00:00:00Z`) / DAY_MS);

export const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** A moment in office hours (09:00-17:00 Japan time) on that day. */
export const officeHours = (rng: SeededRandom, day: number) =>
  new Date(day * DAY_MS + rng.int(0, 8 * 60 - 1) * 60_000);

export const MUNICIPALITY_WEIGHTS = OKITAMA_MUNICIPALITIES.map((m) => m.weight);

export const MUNICIPALITY_INDEXES = OKITAMA_MUNICIPALITIES.map((_, i) => i);

export function municipalityIndex(short: string): number {
  const i = OKITAMA_MUNICIPALITIES.findIndex((m) => m.short === short);
  if (i < 0) throw new RangeError(`unknown municipality ${short}`);
  return i;
}

export function municipalityAt(i: number): Municipality {
  return OKITAMA_MUNICIPALITIES[i]!;
}

export interface Context {
  readonly rng: SeededRandom;
  readonly pickFamily: (rng: SeededRandom) => NameEntry;
  readonly pickMunicipality: (rng: SeededRandom) => number;
}

export type DemoIds = { readonly [K in DemoFacilityKey]: string };

// ---------------------------------------------------------------------------
// Pieces

export interface PersonName {
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
}

export function personName({ rng, pickFamily }: Context, sex: "male" | "female", era: Era): PersonName {
  const family = pickFamily(rng);
  const given = rng.pick((sex === "male" ? MALE_GIVEN_NAMES_BY_ERA : FEMALE_GIVEN_NAMES_BY_ERA)[era]);
  return {
    familyName: family.written,
    givenName: given.written,
    familyNameKana: family.kana,
    givenNameKana: given.kana,
  };
}

export function streetNumber(rng: SeededRandom, m: Municipality): string {
  if (m.name.endsWith("市") && rng.chance(0.6))
    return `${rng.int(1, 5)}丁目${rng.int(1, 25)}-${rng.int(1, 18)}`;
  return `${rng.int(1, 3999)}`;
}

export const katakana = (hiragana: string) =>
  hiragana.replace(/[\u3041-\u3096]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60));
