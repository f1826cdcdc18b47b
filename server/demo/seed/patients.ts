/** Patients, their facility-local IDs and consents (events, scope, the signed forms as PDFs). */
import { patientSearchKeys } from "../../domain/patients/normalize";
import { createHash } from "node:crypto";
import { formatRegionalId } from "../../domain/patients/regional-id";
import { type Era } from "./names";
import { type SeededRandom, weightedPicker } from "./random";
import {
  AGE_REFERENCE_DAY,
  type AttachmentRow,
  type ConsentEventRow,
  type ConsentRow,
  type ConsentScopeRow,
  type Context,
  DAY_MS,
  type DemoIds,
  FIRST_CONSENT_DAY,
  LAST_CONSENT_DAY,
  MUNICIPALITY_INDEXES,
  NETWORK_START,
  type PatientLocalIdRow,
  type PatientRow,
  type PersonName,
  dayNumber,
  isoDay,
  municipalityAt,
  municipalityIndex,
  officeHours,
  personName,
  streetNumber,
} from "./network";
import { type Category, type PlannedFacility } from "./facilities";

/**
 * Real consents each carry their own signed document. To keep the seed small and
 * fast, every demo consent at a hospital points at that hospital's one blank form.
 */
export function makeConsentForms(
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

export function makePatientsAndConsents(
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
      if (facilityId === demoIds.pharmacy && !linked.has(facilityId)) {
        // the demo pharmacy's patient number (its dispensing results are on the demo record
        // server); fixed, not drawn from rng: the rest of the generated network stays what it was
        linked.add(facilityId);
        patientLocalIds.push({
          id: `00000000-0000-4000-9000-${String(serial).padStart(12, "0")}`,
          patientId,
          facilityId,
          localId: `P${String(serial).padStart(6, "0")}`,
          createdAt: new Date(day * DAY_MS),
        });
        return;
      }
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
