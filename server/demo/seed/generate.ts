import { createHash } from "node:crypto";
import { CONSENT_RECORDING_PROFESSIONS } from "../../model/permissions";
import { patientSearchKeys } from "../../domain/patients/normalize";
import { formatRegionalId } from "../../domain/patients/regional-id";
import { DEMO_RECORDS_DEFAULT_URL, demoRecordUrls } from "../records/urls";
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
  CARE_FACILITY_SUFFIXES,
  CARE_FACILITY_TYPES,
  CARE_FACILITY_WORDS,
  CLINIC_SECOND_DEPARTMENTS,
  CLINIC_SPECIALTIES,
  DEPARTMENT_REFERRAL_NOTES,
  FACILITY_NAME_WORDS,
  FAMILY_NAMES,
  FEMALE_GIVEN_NAMES_BY_ERA,
  GENERAL_REFERRAL_NOTES,
  HOSPITAL_DEPARTMENTS,
  MALE_GIVEN_NAMES_BY_ERA,
  OKITAMA_MUNICIPALITIES,
  type Era,
  type Municipality,
  type NameEntry,
} from "./names";
import { SeededRandom, weightedPicker } from "./random";

/**
 * The demo network, built in memory from a seed: no I/O, no clock, no
 * Math.random. The same seed and scale give the same rows, ids included, on
 * every machine. Everything here is synthetic; no real person's data.
 */

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
const AGE_REFERENCE_DAY = "2026-11-01";
/** When the network (and so every facility and account) was set up. */
const NETWORK_START = new Date("2011-12-01T00:00:00+09:00");
const DEMO_TOTP_ENROLLED_AT = new Date("2026-04-01T09:00:00+09:00");

// ---------------------------------------------------------------------------
// The fixed demo facilities, users and patients the README and tests rely on

export type DemoFacilityKey =
  | "demoHospital"
  | "rehabHospital"
  | "demoClinic"
  | "dentalClinic"
  | "pharmacy"
  | "careFacility"
  | "visitingNurse"
  | "networkOffice";

interface DemoFacility {
  readonly name: string;
  readonly nameKana: string;
  readonly nameEn: string;
  /** Short name of the municipality (names.ts) it stands in. */
  readonly municipality: string;
}

/**
 * The first facility of each kind is fixed, so demo sign-ins land somewhere
 * named the same on every seed: the demo hospital is the first and largest
 * hospital, the rehabilitation hospital the second, and so on.
 */
export const DEMO_FACILITIES: { readonly [K in DemoFacilityKey]: DemoFacility } = {
  demoHospital: {
    name: "米沢中央病院",
    nameKana: "ヨネザワチュウオウビョウイン",
    nameEn: "Yonezawa Chuo Hospital",
    municipality: "米沢",
  },
  rehabHospital: {
    name: "南陽リハビリテーション病院",
    nameKana: "ナンヨウリハビリテーションビョウイン",
    nameEn: "Nanyo Rehabilitation Hospital",
    municipality: "南陽",
  },
  demoClinic: {
    name: "長井さくら内科クリニック",
    nameKana: "ナガイサクラナイカクリニック",
    nameEn: "Nagai Sakura Internal Medicine Clinic",
    municipality: "長井",
  },
  dentalClinic: {
    name: "小林歯科医院",
    nameKana: "コバヤシシカイイン",
    nameEn: "Kobayashi Dental Clinic",
    municipality: "長井",
  },
  pharmacy: {
    name: "長井みどり薬局",
    nameKana: "ナガイミドリヤッキョク",
    nameEn: "Nagai Midori Pharmacy",
    municipality: "長井",
  },
  careFacility: {
    name: "居宅介護支援事業所 ながいひまわり",
    nameKana: "キョタクカイゴシエンジギョウショ ナガイヒマワリ",
    nameEn: "Nagai Himawari Care Management Office",
    municipality: "長井",
  },
  visitingNurse: {
    name: "訪問看護ステーションながい",
    nameKana: "ホウモンカンゴステーションナガイ",
    nameEn: "Visiting Nurse Station Nagai",
    municipality: "長井",
  },
  networkOffice: {
    name: "置賜地域医療情報ネットワーク協議会事務局",
    nameKana: "オキタマチイキイリョウジョウホウネットワークキョウギカイジムキョク",
    nameEn: "Okitama Regional Medical Information Network Office",
    municipality: "米沢",
  },
};

export interface DemoUser {
  readonly loginId: string;
  readonly profession: Profession;
  readonly roles: readonly PractitionerRole[];
  /** Which demo facility the user works at. */
  readonly facility: DemoFacilityKey;
  /** The department (診療科) by name, for doctors. */
  readonly department?: string;
  /** Enrolled users sign in with the demo TOTP secret; the others enrol on first sign-in. */
  readonly enrolled: boolean;
  readonly familyName: string;
  readonly givenName: string;
  readonly familyNameKana: string;
  readonly givenNameKana: string;
  readonly descriptionJa: string;
  readonly descriptionEn: string;
}

interface DemoUserSpec extends Pick<
  DemoUser,
  "loginId" | "profession" | "roles" | "facility" | "department"
> {
  /** "山田 誠": family and given name */
  name: string;
  kana: string;
  ja: string;
  en: string;
  enrolled?: boolean;
}

function demoUser({
  loginId,
  profession,
  roles,
  facility,
  department,
  name,
  kana,
  ja,
  en,
  enrolled = true,
}: DemoUserSpec): DemoUser {
  const [familyName = "", givenName = ""] = name.split(" ");
  const [familyNameKana = "", givenNameKana = ""] = kana.split(" ");
  const place = DEMO_FACILITIES[facility];
  return {
    loginId,
    profession,
    ...(department ? { department } : {}),
    roles,
    facility,
    enrolled,
    familyName,
    givenName,
    familyNameKana,
    givenNameKana,
    descriptionJa: `${ja}（${place.name}）`,
    descriptionEn: `${en} (${place.nameEn})`,
  };
}

export const DEMO_USERS: readonly DemoUser[] = [
  demoUser({
    loginId: "gp.yamada",
    profession: "physician",
    roles: ["staff"],
    facility: "demoClinic",
    department: "内科",
    name: "山田 誠",
    kana: "ヤマダ マコト",
    ja: "診療所の医師・紹介元",
    en: "Clinic GP who refers patients",
  }),
  demoUser({
    loginId: "dr.sato",
    profession: "physician",
    roles: ["staff"],
    facility: "demoHospital",
    department: "脳神経外科",
    name: "佐藤 健太郎",
    kana: "サトウ ケンタロウ",
    ja: "病院の脳神経外科医",
    en: "Hospital neurosurgeon",
  }),
  demoUser({
    loginId: "liaison.suzuki",
    profession: "liaison",
    roles: ["staff"],
    facility: "demoHospital",
    name: "鈴木 由美",
    kana: "スズキ ユミ",
    ja: "地域医療連携室",
    en: "Regional liaison office",
  }),
  demoUser({
    loginId: "ns.takahashi",
    profession: "nurse",
    roles: ["staff"],
    facility: "demoHospital",
    name: "高橋 美咲",
    kana: "タカハシ ミサキ",
    ja: "病棟看護師",
    en: "Ward nurse",
  }),
  demoUser({
    loginId: "clerk.kato",
    profession: "clerk",
    roles: ["staff"],
    facility: "demoHospital",
    name: "加藤 舞",
    kana: "カトウ マイ",
    ja: "医事課・同意書の登録",
    en: "Medical clerk who records consents",
  }),
  demoUser({
    loginId: "admin.hosp",
    profession: "physician",
    roles: ["staff", "facility_admin"],
    facility: "demoHospital",
    department: "内科",
    name: "斎藤 浩",
    kana: "サイトウ ヒロシ",
    ja: "施設管理者（医師）",
    en: "Facility administrator (physician)",
  }),
  demoUser({
    loginId: "pt.nakamura",
    profession: "therapist",
    roles: ["staff"],
    facility: "rehabHospital",
    name: "中村 翔太",
    kana: "ナカムラ ショウタ",
    ja: "理学療法士・回復期リハビリ",
    en: "Physiotherapist, rehabilitation ward",
  }),
  demoUser({
    loginId: "vn.tanaka",
    profession: "visiting_nurse",
    roles: ["staff"],
    facility: "visitingNurse",
    name: "田中 恵子",
    kana: "タナカ ケイコ",
    ja: "訪問看護師",
    en: "Visiting nurse",
  }),
  demoUser({
    loginId: "ph.ito",
    profession: "pharmacist",
    roles: ["staff"],
    facility: "pharmacy",
    name: "伊藤 直樹",
    kana: "イトウ ナオキ",
    ja: "薬局の薬剤師",
    en: "Community pharmacist",
  }),
  demoUser({
    loginId: "cm.watanabe",
    profession: "care_manager",
    roles: ["staff"],
    facility: "careFacility",
    name: "渡辺 智子",
    kana: "ワタナベ トモコ",
    ja: "ケアマネジャー",
    en: "Care manager",
  }),
  demoUser({
    loginId: "dent.kobayashi",
    profession: "dentist",
    roles: ["staff"],
    facility: "dentalClinic",
    name: "小林 大輔",
    kana: "コバヤシ ダイスケ",
    ja: "歯科医師",
    en: "Dentist",
  }),
  demoUser({
    loginId: "office.okinet",
    profession: "clerk",
    roles: ["staff", "network_admin"],
    facility: "networkOffice",
    name: "吉田 亜紀",
    kana: "ヨシダ アキ",
    ja: "ネットワーク事務局・管理者",
    en: "Network office administrator",
  }),
  demoUser({
    loginId: "new.user",
    profession: "physician",
    roles: ["staff"],
    facility: "demoClinic",
    name: "森 拓也",
    kana: "モリ タクヤ",
    ja: "二要素認証の初回登録を体験する医師",
    en: "Physician who has not enrolled two-factor sign-in yet",
    enrolled: false,
  }),
];

/** Regional IDs of the two patients the demo walks through. */
export const DEMO_PATIENTS = {
  /** 山田 花子: consented at the demo hospital, shared with the demo clinic, pharmacy and visiting nurses. */
  consented: formatRegionalId(1),
  /** 佐藤 一郎: consented at the rehabilitation hospital only; the demo clinic and hospital must not see him. */
  notConsented: formatRegionalId(2),
} as const;

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

/**
 * What a facility is beyond its kind: the five "other" facilities of the
 * reference network are the office, visiting-nurse stations, a community
 * support centre and the medical association.
 */
type Category =
  | "hospital"
  | "medical_clinic"
  | "dental_clinic"
  | "pharmacy"
  | "care_facility"
  | "network_office"
  | "visiting_nurse"
  | "community_support"
  | "medical_association";

const KIND_OF: Record<Category, FacilityKind> = {
  hospital: "hospital",
  medical_clinic: "medical_clinic",
  dental_clinic: "dental_clinic",
  pharmacy: "pharmacy",
  care_facility: "care_facility",
  network_office: "other",
  visiting_nurse: "visiting_nurse_station",
  community_support: "other",
  medical_association: "other",
};

/**
 * Third digit of the 10-digit code: 1 medical, 3 dental, 4 pharmacy as in the
 * medical-institution code. The rest have no such code in reality; visiting-nurse
 * stations get 6 (their billing table), the others 7 and 9, synthetic.
 */
const CODE_DIGIT: Record<Category, string> = {
  hospital: "1",
  medical_clinic: "1",
  dental_clinic: "3",
  pharmacy: "4",
  care_facility: "7",
  network_office: "9",
  visiting_nurse: "6",
  community_support: "7",
  medical_association: "9",
};

interface PlannedFacility {
  readonly row: FacilityRow;
  readonly category: Category;
  readonly municipality: number;
}

const DAY_MS = 86_400_000;
const dayNumber = (isoDay: string) => Math.floor(Date.parse(`${isoDay}T00:00:00Z`) / DAY_MS);
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** A moment in office hours (09:00-17:00 Japan time) on that day. */
const officeHours = (rng: SeededRandom, day: number) =>
  new Date(day * DAY_MS + rng.int(0, 8 * 60 - 1) * 60_000);

const MUNICIPALITY_WEIGHTS = OKITAMA_MUNICIPALITIES.map((m) => m.weight);
const MUNICIPALITY_INDEXES = OKITAMA_MUNICIPALITIES.map((_, i) => i);

function municipalityIndex(short: string): number {
  const i = OKITAMA_MUNICIPALITIES.findIndex((m) => m.short === short);
  if (i < 0) throw new RangeError(`unknown municipality ${short}`);
  return i;
}

function municipalityAt(i: number): Municipality {
  return OKITAMA_MUNICIPALITIES[i]!;
}

export function generateDemoNetwork(options: GenerateOptions): DemoNetwork {
  const scale = options.scale ?? 1;
  const seed = options.seed ?? DEFAULT_SEED;
  const size = networkSize(scale);
  const ctx: Context = {
    rng: new SeededRandom(seed),
    pickFamily: weightedPicker(
      FAMILY_NAMES,
      FAMILY_NAMES.map((_, rank) => 1 / (rank + 8)),
    ),
    pickMunicipality: weightedPicker(MUNICIPALITY_INDEXES, MUNICIPALITY_WEIGHTS),
  };
  const { planned, demoIds } = planFacilities(ctx, size, options.recordServerUrl ?? DEMO_RECORDS_DEFAULT_URL);
  const departmentRows = makeDepartments(ctx, planned, demoIds);
  const staff = makePractitioners(ctx, planned, demoIds, options, departmentRows);
  const forms = makeConsentForms(ctx, planned, staff.firstAt);
  const care = makePatientsAndConsents(ctx, size.patients, planned, demoIds, staff.recordersAt, forms.formAt);
  return {
    seed,
    scale,
    facilities: planned.map((f) => f.row),
    departments: departmentRows,
    practitioners: staff.rows,
    attachments: forms.rows,
    ...care,
    demoFacilityIds: demoIds,
  };
}

interface Context {
  readonly rng: SeededRandom;
  readonly pickFamily: (rng: SeededRandom) => NameEntry;
  readonly pickMunicipality: (rng: SeededRandom) => number;
}

type DemoIds = { readonly [K in DemoFacilityKey]: string };

// ---------------------------------------------------------------------------
// Facilities and their departments

function planFacilities(
  ctx: Context,
  size: NetworkSize,
  recordServerUrl: string,
): { planned: PlannedFacility[]; demoIds: DemoIds } {
  const { rng } = ctx;
  const plan: { category: Category; demo?: DemoFacilityKey }[] = [];
  const add = (category: Category, count: number, demo: DemoFacilityKey[] = []) => {
    for (let i = 0; i < count; i++) plan.push({ category, demo: demo[i] });
  };
  add("hospital", size.hospitals, ["demoHospital", "rehabHospital"]);
  add("medical_clinic", size.medicalClinics, ["demoClinic"]);
  add("dental_clinic", size.dentalClinics, ["dentalClinic"]);
  add("pharmacy", size.pharmacies, ["pharmacy"]);
  add("care_facility", size.careFacilities, ["careFacility"]);
  // The network office, then the reference mix of the others: per four, two
  // visiting-nurse stations, a community support centre and the medical association.
  const otherCycle: Category[] = [
    "visiting_nurse",
    "community_support",
    "medical_association",
    "visiting_nurse",
  ];
  for (let i = 0; i < size.others; i++) {
    if (i === 0) plan.push({ category: "network_office", demo: "networkOffice" });
    else if (i === 1) plan.push({ category: "visiting_nurse", demo: "visitingNurse" });
    else plan.push({ category: otherCycle[(i - 2) % otherCycle.length]! });
  }

  // Spread each category over the municipalities: every one gets a facility
  // before any gets a second, then by population; hospitals gather in the towns
  // even more than the people do.
  const uncovered = new Map<Category, number[]>();
  const pickHospitalTown = weightedPicker(
    MUNICIPALITY_INDEXES,
    MUNICIPALITY_WEIGHTS.map((w) => w * w),
  );
  const place = (category: Category, demo: DemoFacilityKey | undefined): number => {
    let left = uncovered.get(category);
    if (!left) uncovered.set(category, (left = [...MUNICIPALITY_INDEXES]));
    const chosen = demo
      ? municipalityIndex(DEMO_FACILITIES[demo].municipality)
      : (left.shift() ?? (category === "hospital" ? pickHospitalTown : ctx.pickMunicipality)(rng));
    const at = left.indexOf(chosen);
    if (at >= 0) left.splice(at, 1);
    return chosen;
  };

  const usedNames = new Set<string>(Object.values(DEMO_FACILITIES).map((f) => f.name));
  const usedCodes = new Set<string>();
  const planned: PlannedFacility[] = [];
  const demoIds: Partial<Record<DemoFacilityKey, string>> = {};
  for (const { category, demo } of plan) {
    const municipality = place(category, demo);
    const m = municipalityAt(municipality);
    const name = demo ? DEMO_FACILITIES[demo] : uniqueFacilityName(ctx, category, m, usedNames);
    usedNames.add(name.name);
    let code: string;
    do code = `06${CODE_DIGIT[category]}${String(rng.int(0, 9_999_999)).padStart(7, "0")}`;
    while (usedCodes.has(code));
    usedCodes.add(code);
    const id = rng.uuid();
    if (demo) demoIds[demo] = id;
    // the disclosing hospitals publish their records on the demo record server
    const records = category === "hospital" ? demoRecordUrls(recordServerUrl, code) : null;
    planned.push({
      category,
      municipality,
      row: {
        id,
        code,
        name: name.name,
        nameKana: name.nameKana,
        kind: KIND_OF[category],
        role: category === "hospital" ? "disclosing" : "viewing",
        bedCount: bedCount(rng, category, demo),
        address: `${m.addressPrefix}${m.name}${rng.pick(m.towns)}${streetNumber(rng, m)}`,
        phone: `0238-${rng.pick(m.exchanges)}-${rng.int(1000, 9999)}`,
        recordSystemUrl: records?.viewer ?? "",
        recordFhirBaseUrl: records?.fhirBase ?? "",
        active: true,
        createdAt: NETWORK_START,
        updatedAt: NETWORK_START,
      },
    });
  }
  // Every demo facility exists at any scale (see networkSize's minimums).
  return { planned, demoIds: demoIds as DemoIds };
}

/** The demo hospital is the largest (600 beds), other hospitals 50-450; a few clinics have beds. */
function bedCount(rng: SeededRandom, category: Category, demo: DemoFacilityKey | undefined): number {
  if (demo === "demoHospital") return 600;
  if (demo === "rehabHospital") return 160;
  if (category === "hospital") return 10 * rng.int(5, 45);
  if (category === "medical_clinic" && !demo && rng.chance(0.15)) return rng.int(1, 19);
  return 0;
}

function makeDepartments(
  ctx: Context,
  planned: readonly PlannedFacility[],
  demoIds: DemoIds,
): DepartmentRow[] {
  const { rng } = ctx;
  const rows: DepartmentRow[] = [];
  const add = (facilityId: string, name: string, acceptsReferrals: boolean) => {
    const own = DEPARTMENT_REFERRAL_NOTES[name];
    let referralNotes = "";
    if (acceptsReferrals)
      referralNotes = own !== undefined && rng.chance(0.6) ? own : rng.pick(GENERAL_REFERRAL_NOTES);
    rows.push({
      id: rng.uuid(),
      facilityId,
      name,
      acceptsReferrals,
      referralNotes,
      createdAt: NETWORK_START,
    });
  };
  for (const f of planned) {
    const id = f.row.id;
    if (f.category === "hospital") {
      const demo = id === demoIds.demoHospital || id === demoIds.rehabHospital;
      let names: readonly string[];
      if (id === demoIds.demoHospital) {
        names = HOSPITAL_DEPARTMENTS;
      } else if (id === demoIds.rehabHospital) {
        names = ["内科", "脳神経内科", "整形外科", "リハビリテーション科"];
      } else {
        const chosen = new Set(rng.sample(HOSPITAL_DEPARTMENTS.slice(1), rng.int(3, 8)));
        names = HOSPITAL_DEPARTMENTS.filter((d) => d === "内科" || chosen.has(d));
      }
      for (const d of names) add(id, d, demo || rng.chance(0.85));
    } else if (f.category === "medical_clinic") {
      // Referrals go from clinics to hospitals; clinic departments take none.
      const first = CLINIC_SPECIALTIES.find((s) => f.row.name.includes(s.written))?.department ?? "内科";
      add(id, first, false);
      if (id !== demoIds.demoClinic && rng.chance(0.3)) {
        const second = rng.pick(CLINIC_SECOND_DEPARTMENTS);
        if (second !== first) add(id, second, false);
      }
    } else if (f.category === "dental_clinic") {
      add(id, "歯科", false);
      if (rng.chance(0.3)) add(id, "小児歯科", false);
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------
// Practitioners and the consent forms they uploaded

function makePractitioners(
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

/**
 * Real consents each carry their own signed document. To keep the seed small and
 * fast, every demo consent at a hospital points at that hospital's one blank form.
 */
function makeConsentForms(
  ctx: Context,
  planned: readonly PlannedFacility[],
  firstAt: ReadonlyMap<string, string>,
) {
  const rows: AttachmentRow[] = [];
  const formAt = new Map<string, string>();
  for (const f of planned) {
    if (f.category !== "hospital") continue;
    const content = demoConsentFormPdf(f.row.code);
    const id = ctx.rng.uuid();
    formAt.set(f.row.id, id);
    rows.push({
      id,
      patientId: null,
      facilityId: f.row.id,
      uploadedBy: firstAt.get(f.row.id)!,
      mediaType: "application/pdf",
      fileName: "demo-consent-form.pdf",
      byteSize: content.byteLength,
      sha256: createHash("sha256").update(content).digest("hex"),
      content,
      createdAt: NETWORK_START,
    });
  }
  return { rows, formAt };
}

// ---------------------------------------------------------------------------
// Patients, their consents and local IDs

/** One consent as decided before it becomes rows; days are day numbers. */
interface ConsentPlan {
  hospitalId: string;
  obtainedOn: number;
  scope: string[];
  added?: { day: number; facilityId: string };
  withdrawnOn?: number;
}

/** Who a patient's consent is obtained at and shared with: mostly near home. */
function sharingPickers(ctx: Context, planned: readonly PlannedFacility[]) {
  const { rng } = ctx;
  type Picker = (rng: SeededRandom) => PlannedFacility;
  const pickerOver = (
    list: readonly PlannedFacility[],
    weight: (f: PlannedFacility) => number,
  ): Picker | undefined => (list.length === 0 ? undefined : weightedPicker(list, list.map(weight)));
  const pickers = (category: Category, weight: (f: PlannedFacility) => number) => {
    const list = planned.filter((f) => f.category === category);
    return {
      anywhere: pickerOver(list, weight),
      near: MUNICIPALITY_INDEXES.map((i) =>
        pickerOver(
          list.filter((f) => f.municipality === i),
          weight,
        ),
      ),
    };
  };
  const byBeds = (f: PlannedFacility) => 50 + (f.row.bedCount ?? 0);
  const hospitals = pickers("hospital", byBeds);
  const SCOPE_CATEGORIES: readonly Category[] = [
    "medical_clinic",
    "pharmacy",
    "care_facility",
    "visiting_nurse",
    "hospital",
    "dental_clinic",
  ];
  const pickCategory = weightedPicker(SCOPE_CATEGORIES, [45, 20, 10, 10, 10, 5]);
  const byCategory = new Map(
    SCOPE_CATEGORIES.map((c) => [c, pickers(c, c === "hospital" ? byBeds : () => 1)]),
  );

  return {
    /** A hospital near home 70% of the time, larger hospitals more often. */
    hospital(home: number, not?: string): PlannedFacility {
      const near = hospitals.near[home];
      let hospital = (near && rng.chance(0.7) ? near : hospitals.anywhere!)(rng);
      while (hospital.row.id === not) hospital = hospitals.anywhere!(rng);
      return hospital;
    },
    /** A facility to share with, not yet taken: near home 75% of the time. */
    scopeFacility(home: number, taken: ReadonlySet<string>): PlannedFacility | undefined {
      for (let attempt = 0; attempt < 12; attempt++) {
        const category = byCategory.get(pickCategory(rng))!;
        const near = category.near[home];
        const f = (near && rng.chance(0.75) ? near : category.anywhere)?.(rng);
        if (f && !taken.has(f.row.id)) return f;
      }
      return undefined;
    },
    scopeSize: weightedPicker([1, 2, 3, 4, 5], [25, 30, 25, 12, 8]),
  };
}

interface PatientPlan {
  home: number;
  sex: "female" | "male" | "unknown";
  birthDay: number;
  person: PersonName;
  consents: ConsentPlan[];
  /** facilities that hold records of the patient (a local ID) but are outside every consent */
  knownOutsideConsent?: { facilityId: string; localId: string }[];
}

const AGE_BANDS = [
  [0, 14],
  [15, 39],
  [40, 59],
  [60, 74],
  [75, 89],
  [90, 101],
] as const;
/** Skewed old, as the people a regional network links mostly are. */
const AGE_BAND_WEIGHTS = [5, 7, 15, 30, 33, 10];

function makePatientsAndConsents(
  ctx: Context,
  count: number,
  planned: readonly PlannedFacility[],
  demoIds: DemoIds,
  recordersAt: ReadonlyMap<string, readonly string[]>,
  formAt: ReadonlyMap<string, string>,
) {
  const { rng } = ctx;
  const share = sharingPickers(ctx, planned);
  const firstDay = dayNumber(FIRST_CONSENT_DAY);
  const lastDay = dayNumber(LAST_CONSENT_DAY);
  const ageDay = dayNumber(AGE_REFERENCE_DAY);
  const pickAgeBand = weightedPicker(AGE_BANDS, AGE_BAND_WEIGHTS);
  const pickSex = weightedPicker(["female", "male", "unknown"] as const, [520, 476, 4]);

  /** The two patients the demo walks through; their promises are in DEMO_PATIENTS. */
  const demoPatient = (serial: number): PatientPlan | undefined => {
    if (serial === 1) {
      return {
        home: municipalityIndex("長井"),
        sex: "female",
        birthDay: dayNumber("1948-03-03"),
        person: { familyName: "山田", givenName: "花子", familyNameKana: "ヤマダ", givenNameKana: "ハナコ" },
        consents: [
          {
            hospitalId: demoIds.demoHospital,
            obtainedOn: dayNumber("2024-06-12"),
            scope: [demoIds.demoHospital, demoIds.demoClinic, demoIds.pharmacy, demoIds.visitingNurse],
          },
        ],
        // treated at the rehabilitation hospital years ago, which is not in her consent: it must never show
        knownOutsideConsent: [{ facilityId: demoIds.rehabHospital, localId: "9000001" }],
      };
    }
    if (serial === 2) {
      const home = municipalityIndex("南陽");
      const scope = [demoIds.rehabHospital];
      const excluded = new Set([demoIds.rehabHospital, demoIds.demoClinic, demoIds.demoHospital]);
      for (let k = 0; k < 2; k++) {
        const f = share.scopeFacility(home, excluded);
        if (f) {
          scope.push(f.row.id);
          excluded.add(f.row.id);
        }
      }
      return {
        home,
        sex: "male",
        birthDay: dayNumber("1942-11-20"),
        person: {
          familyName: "佐藤",
          givenName: "一郎",
          familyNameKana: "サトウ",
          givenNameKana: "イチロウ",
        },
        consents: [{ hospitalId: demoIds.rehabHospital, obtainedOn: dayNumber("2025-09-01"), scope }],
      };
    }
    return undefined;
  };

  const randomPatient = (): PatientPlan => {
    const home = ctx.pickMunicipality(rng);
    const sex = pickSex(rng);
    const [minAge, maxAge] = pickAgeBand(rng);
    // Born at least a month before the last consent day, so every consent follows birth.
    const birthDay = Math.min(
      ageDay - Math.floor((rng.int(minAge, maxAge) + rng.next()) * 365.2425),
      lastDay - 30,
    );
    const year = Number(isoDay(birthDay).slice(0, 4));
    const era: Era = year < 1955 ? "older" : year < 1995 ? "middle" : "younger";
    const person = personName(ctx, sex === "unknown" ? (rng.chance(0.5) ? "male" : "female") : sex, era);

    const consents: ConsentPlan[] = [];
    const consentCount = rng.chance(0.15) ? 2 : 1;
    let previousDay = Math.max(firstDay, birthDay + 30);
    for (let c = 0; c < consentCount; c++) {
      // A second consent is a later one, at another hospital.
      const hospital = share.hospital(home, consents[0]?.hospitalId);
      const obtainedOn = rng.int(previousDay, lastDay);
      previousDay = obtainedOn;
      const scope = [hospital.row.id];
      const taken = new Set(scope);
      for (let k = share.scopeSize(rng); k > 0; k--) {
        const f = share.scopeFacility(home, taken);
        if (!f) continue;
        scope.push(f.row.id);
        taken.add(f.row.id);
      }
      const consent: ConsentPlan = { hospitalId: hospital.row.id, obtainedOn, scope };
      let lastChange = obtainedOn;
      if (obtainedOn < lastDay && rng.chance(0.05)) {
        const f = share.scopeFacility(home, taken);
        if (f) {
          consent.added = { day: rng.int(obtainedOn + 1, lastDay), facilityId: f.row.id };
          lastChange = consent.added.day;
        }
      }
      if (lastChange < lastDay && rng.chance(0.01)) consent.withdrawnOn = rng.int(lastChange + 1, lastDay);
      consents.push(consent);
    }
    return { home, sex, birthDay, person, consents };
  };

  const kindOf = new Map(planned.map((f) => [f.row.id, f.row.kind]));
  const localIdCounter = new Map<string, number>();
  const nextLocalId = (facilityId: string) => {
    const n = (localIdCounter.get(facilityId) ?? rng.int(10_000, 1_500_000)) + rng.int(1, 5);
    localIdCounter.set(facilityId, n);
    return String(n).padStart(7, "0");
  };

  const patients: PatientRow[] = [];
  const consents: ConsentRow[] = [];
  const consentEvents: ConsentEventRow[] = [];
  const consentScope: ConsentScopeRow[] = [];
  const patientLocalIds: PatientLocalIdRow[] = [];

  for (let serial = 1; serial <= count; serial++) {
    const plan = demoPatient(serial) ?? randomPatient();
    const { person } = plan;
    const patientId = rng.uuid();
    const registeredAt = new Date(Math.min(...plan.consents.map((c) => c.obtainedOn)) * DAY_MS);
    const m = municipalityAt(plan.home);
    patients.push({
      id: patientId,
      regionalId: formatRegionalId(serial),
      ...person,
      birthDate: isoDay(plan.birthDay),
      sex: plan.sex,
      postalCode: `${m.postalPrefix}${String(rng.int(1, 99)).padStart(2, "0")}`,
      address: `${m.addressPrefix}${m.name}${rng.pick(m.towns)}${streetNumber(rng, m)}`,
      phone: rng.chance(0.6)
        ? `0238-${rng.pick(m.exchanges)}-${rng.int(1000, 9999)}`
        : `0${rng.pick(["80", "90", "70"])}-${rng.int(1000, 9999)}-${rng.int(1000, 9999)}`,
      ...patientSearchKeys(person),
      createdAt: registeredAt,
      updatedAt: registeredAt,
    });

    // A patient is known (has a local ID) at every hospital and clinic they share with.
    const linked = new Set<string>();
    const link = (facilityId: string, day: number) => {
      const kind = kindOf.get(facilityId);
      if (linked.has(facilityId) || (kind !== "hospital" && kind !== "medical_clinic")) return;
      linked.add(facilityId);
      const localId = nextLocalId(facilityId);
      patientLocalIds.push({
        id: rng.uuid(),
        patientId,
        facilityId,
        localId,
        createdAt: new Date(day * DAY_MS),
      });
    };

    for (const c of plan.consents) {
      const consentId = rng.uuid();
      const documentId = formAt.get(c.hospitalId)!;
      const recordedBy = () => rng.pick(recordersAt.get(c.hospitalId)!);
      const withdrawnOn = c.withdrawnOn === undefined ? null : isoDay(c.withdrawnOn);
      const event = (kind: ConsentEventRow["kind"], day: number, facilityIds: string[]): ConsentEventRow => ({
        id: rng.uuid(),
        consentId,
        patientId,
        kind,
        effectiveOn: isoDay(day),
        facilityIds,
        documentId,
        note: "",
        recordedBy: recordedBy(),
        recordedAt: officeHours(rng, day),
      });
      const granted = event("granted", c.obtainedOn, c.scope);
      consents.push({
        id: consentId,
        patientId,
        facilityId: c.hospitalId,
        obtainedOn: isoDay(c.obtainedOn),
        documentId,
        withdrawnOn,
        withdrawalDocumentId: withdrawnOn ? documentId : null,
        createdAt: granted.recordedAt,
      });
      consentEvents.push(granted);
      for (const facilityId of c.scope) {
        consentScope.push({ consentId, patientId, facilityId, addedOn: isoDay(c.obtainedOn), withdrawnOn });
        link(facilityId, c.obtainedOn);
      }
      if (c.added) {
        const { day, facilityId } = c.added;
        consentEvents.push(event("scope_added", day, [facilityId]));
        consentScope.push({ consentId, patientId, facilityId, addedOn: isoDay(day), withdrawnOn });
        link(facilityId, day);
      }
      if (c.withdrawnOn !== undefined) consentEvents.push(event("withdrawn", c.withdrawnOn, []));
    }
    // fixed ids, not drawn from rng: the rest of the generated network stays what it was
    for (const [k, known] of (plan.knownOutsideConsent ?? []).entries()) {
      patientLocalIds.push({
        id: `00000000-0000-4000-8000-${String(serial).padStart(8, "0")}${String(k).padStart(4, "0")}`,
        patientId,
        facilityId: known.facilityId,
        localId: known.localId,
        createdAt: registeredAt,
      });
    }
  }
  return { patients, consents, consentEvents, consentScope, patientLocalIds };
}

// ---------------------------------------------------------------------------
// Pieces

interface PersonName {
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
}

function personName({ rng, pickFamily }: Context, sex: "male" | "female", era: Era): PersonName {
  const family = pickFamily(rng);
  const given = rng.pick((sex === "male" ? MALE_GIVEN_NAMES_BY_ERA : FEMALE_GIVEN_NAMES_BY_ERA)[era]);
  return {
    familyName: family.written,
    givenName: given.written,
    familyNameKana: family.kana,
    givenNameKana: given.kana,
  };
}

function streetNumber(rng: SeededRandom, m: Municipality): string {
  if (m.name.endsWith("市") && rng.chance(0.6))
    return `${rng.int(1, 5)}丁目${rng.int(1, 25)}-${rng.int(1, 18)}`;
  return `${rng.int(1, 3999)}`;
}

/** The professions working at one facility; the first becomes its facility administrator. */
function staffOf(rng: SeededRandom, category: Category): Profession[] {
  const fill = (first: Profession[], min: number, max: number, more: Profession[], weights: number[]) => {
    const list = [...first];
    const target = rng.int(Math.max(min, first.length), max);
    while (list.length < target) list.push(rng.weighted(more, weights));
    return list;
  };
  switch (category) {
    case "hospital":
      return fill(
        ["physician", "liaison", "nurse", "clerk", "therapist"],
        5,
        8,
        ["physician", "nurse", "pharmacist", "therapist"],
        [3, 3, 2, 1],
      );
    case "medical_clinic":
      return fill(["physician"], 2, 4, ["nurse", "clerk", "physician"], [3, 2, 1]);
    case "dental_clinic":
      return fill(["dentist", "clerk"], 2, 3, ["dentist", "clerk"], [1, 1]);
    case "pharmacy":
      return fill(["pharmacist"], 2, 4, ["pharmacist"], [1]);
    case "care_facility":
      return fill(["care_manager"], 2, 4, ["care_manager", "nurse"], [2, 1]);
    case "visiting_nurse":
      return fill(["visiting_nurse"], 2, 5, ["visiting_nurse"], [1]);
    case "community_support":
      return fill(["care_manager", "nurse"], 2, 4, ["care_manager", "nurse"], [1, 1]);
    case "network_office":
      return fill(["clerk"], 2, 3, ["clerk"], [1]);
    case "medical_association":
      return fill(["clerk"], 2, 3, ["clerk", "physician"], [2, 1]);
  }
}

const katakana = (hiragana: string) =>
  hiragana.replace(/[\u3041-\u3096]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60));

/** A plausible, invented name for a facility of that category in that municipality. */
function facilityName({ rng, pickFamily }: Context, category: Category, m: Municipality): NameEntry {
  const word = rng.pick(FACILITY_NAME_WORDS);
  const family = pickFamily(rng);
  const join = (...parts: NameEntry[]): NameEntry => ({
    written: parts.map((p) => p.written).join(""),
    kana: parts.map((p) => p.kana).join(""),
  });
  const lit = (written: string, kana: string): NameEntry => ({ written, kana });
  const town = lit(m.short, m.shortKana);
  const r = rng.next();
  switch (category) {
    case "hospital":
      if (r < 0.6) return join(town, word, lit("病院", "ビョウイン"));
      if (r < 0.85) return join(family, lit("病院", "ビョウイン"));
      return join(family, lit("記念病院", "キネンビョウイン"));
    case "medical_clinic": {
      const specialty = rng.pick(CLINIC_SPECIALTIES);
      if (r < 0.35) return join(town, word, specialty, lit("クリニック", "クリニック"));
      if (r < 0.55) return join(word, specialty, lit("クリニック", "クリニック"));
      if (r < 0.8) return join(family, specialty, lit("医院", "イイン"));
      return join(family, specialty, lit("クリニック", "クリニック"));
    }
    case "dental_clinic":
      if (r < 0.5) return join(family, lit("歯科医院", "シカイイン"));
      if (r < 0.8) return join(town, word, lit("歯科クリニック", "シカクリニック"));
      return join(word, lit("歯科", "シカ"));
    case "pharmacy":
      if (r < 0.5) return join(town, word, lit("薬局", "ヤッキョク"));
      if (r < 0.8) return join(word, lit("薬局 ", "ヤッキョク "), town, lit("店", "テン"));
      return join(family, lit("薬局", "ヤッキョク"));
    case "care_facility": {
      const type = rng.pick(CARE_FACILITY_TYPES);
      const soft = rng.pick(CARE_FACILITY_WORDS);
      const suffix = rng.pick(CARE_FACILITY_SUFFIXES);
      return join(type, lit(" ", " "), town, soft, suffix);
    }
    case "visiting_nurse":
      if (r < 0.5) {
        const soft = rng.pick(CARE_FACILITY_WORDS);
        return lit(`訪問看護ステーション${soft.written}`, `ホウモンカンゴステーション${soft.kana}`);
      }
      return join(town, word, lit("訪問看護ステーション", "ホウモンカンゴステーション"));
    case "community_support":
      if (r < 0.7) return lit(`${m.name}地域包括支援センター`, `${m.nameKana}チイキホウカツシエンセンター`);
      return join(town, word, lit("地域包括支援センター", "チイキホウカツシエンセンター"));
    case "medical_association":
      if (r < 0.5) return lit("置賜広域医師会", "オキタマコウイキイシカイ");
      return join(town, lit("地区医師会", "チクイシカイ"));
    case "network_office": // there is one office, and it is a demo facility
      return lit(DEMO_FACILITIES.networkOffice.name, DEMO_FACILITIES.networkOffice.nameKana);
  }
}

function uniqueFacilityName(
  ctx: Context,
  category: Category,
  m: Municipality,
  used: ReadonlySet<string>,
): { name: string; nameKana: string } {
  // Names are not a database key (codes are); at very large scales a repeat is allowed.
  let entry = facilityName(ctx, category, m);
  for (let attempt = 0; attempt < 200 && used.has(entry.written); attempt++) {
    entry = facilityName(ctx, category, m);
  }
  return { name: entry.written, nameKana: katakana(entry.kana) };
}

/**
 * A minimal, valid one-page PDF written by hand (ASCII only, so string offsets
 * are byte offsets). It names the facility so each hospital's form has its own
 * hash.
 */
export function demoConsentFormPdf(facilityCode: string): Buffer {
  const lines = ["Synthetic demo consent form - not a real document", `Facility code ${facilityCode}`];
  const text = `BT /F1 16 Tf 72 770 Td (${lines[0]}) Tj 0 -24 Td (${lines[1]}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, "0")} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}
