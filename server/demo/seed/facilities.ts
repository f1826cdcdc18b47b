/** Facilities (by category and municipality), their departments and the professions working at each. */
import { demoRecordUrls } from "../records/urls";
import {
  CARE_FACILITY_SUFFIXES,
  CARE_FACILITY_TYPES,
  CARE_FACILITY_WORDS,
  CLINIC_SECOND_DEPARTMENTS,
  CLINIC_SPECIALTIES,
  DEPARTMENT_REFERRAL_NOTES,
  FACILITY_NAME_WORDS,
  GENERAL_REFERRAL_NOTES,
  HOSPITAL_DEPARTMENTS,
  type Municipality,
  type NameEntry,
} from "./names";
import { type SeededRandom, weightedPicker } from "./random";
import {
  type Context,
  type DemoIds,
  type DepartmentRow,
  type FacilityKind,
  type FacilityRow,
  MUNICIPALITY_INDEXES,
  MUNICIPALITY_WEIGHTS,
  NETWORK_START,
  type NetworkSize,
  type Profession,
  katakana,
  municipalityAt,
  municipalityIndex,
  streetNumber,
} from "./network";
import { DEMO_FACILITIES, type DemoFacilityKey } from "./cast";

/**
 * What a facility is beyond its kind: the five "other" facilities of the
 * reference network are the office, visiting-nurse stations, a community
 * support centre and the medical association.
 */
export type Category =
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

export interface PlannedFacility {
  readonly row: FacilityRow;
  readonly category: Category;
  readonly municipality: number;
}

// ---------------------------------------------------------------------------
// Facilities and their departments

export function planFacilities(
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
    // the disclosing hospitals publish their records on the demo record server, and the demo
    // pharmacy its dispensing results (調剤結果)
    const records =
      category === "hospital" || demo === "pharmacy" ? demoRecordUrls(recordServerUrl, code) : null;
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

export function makeDepartments(
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

/** The professions working at one facility; the first becomes its facility administrator. */
export function staffOf(rng: SeededRandom, category: Category): Profession[] {
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
