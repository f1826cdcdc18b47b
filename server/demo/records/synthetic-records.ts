import { createHash } from "node:crypto";

/**
 * The demo hospital systems' records: synthetic, and the same every time for a
 * facility and a local patient ID (derived from a hash of the two), dated
 * relative to a fixed day so the demo reads the same on every machine.
 */

export type DemoKind = "document" | "report" | "imaging" | "encounter" | "prescription" | "dispensing";

export interface DemoRecord {
  kind: DemoKind;
  /** FHIR id, unique per facility */
  id: string;
  date: string;
  title: string;
  detail: string;
  code: string;
  /** Binary id of the attachment, when the record has one */
  binary?: { id: string; contentType: "application/pdf" | "image/png"; title: string };
  /** prescriptions and dispensings: how much, for how many days, how taken, and (a dispensing) what it fills */
  medication?: { quantity: number; unit: string; days: number; dosage: string; fills?: string };
}

/** A pharmacy's code (都道府県 06, then 4 for 薬局): its system holds dispensing results, not a hospital's records. */
const isPharmacy = (facilityCode: string) => facilityCode.charAt(2) === "4";

const REFERENCE_DAY = Date.parse("2026-04-01T00:00:00+09:00");
const DAY_MS = 86_400_000;

/** FHIR ids allow letters, digits, '-' and '.': the local ID is carried hex-encoded. */
export const fhirPatientId = (localId: string) => `p-${Buffer.from(localId, "utf8").toString("hex")}`;

export function localIdOf(fhirId: string): string | null {
  const m = /^p-((?:[0-9a-f]{2}){1,31})$/.exec(fhirId);
  return m ? Buffer.from(m[1]!, "hex").toString("utf8") : null;
}

/** A small deterministic generator seeded from the facility and the patient. */
function generator(facilityCode: string, localId: string) {
  const digest = createHash("sha256").update(`${facilityCode}\n${localId}`).digest();
  let state = digest.readUInt32LE(0) || 1;
  const next = () => {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  return {
    seed: digest.readUInt32LE(4),
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
  };
}

/** A FHIR dateTime in Japan time, `daysAgo` before the reference day, in office hours. */
const dateTime = (daysAgo: number, hour: number) =>
  `${new Date(REFERENCE_DAY - daysAgo * DAY_MS + (hour + 9 + 9) * 3_600_000).toISOString().slice(0, 19)}+09:00`;

const BLOOD_FINDINGS = [
  "HbA1c 6.8%、LDL-C 142 mg/dL、eGFR 58",
  "WBC 7,200/μL、Hb 11.8 g/dL、CRP 0.3 mg/dL",
  "AST 28 U/L、ALT 31 U/L、Cr 0.92 mg/dL",
  "BNP 86 pg/mL、Na 139 mEq/L、K 4.1 mEq/L",
];
const OUTPATIENT = ["内科", "脳神経内科", "整形外科", "循環器内科", "リハビリテーション科"];
const REASONS = ["高血圧症", "2型糖尿病", "脳梗塞後遺症", "変形性膝関節症", "慢性心不全"];
/** name, unit, doses a day, how taken */
const DRUGS = [
  ["アムロジピン錠5mg", "錠", 1, "1日1回 朝食後"],
  ["メトホルミン塩酸塩錠250mg", "錠", 2, "1日2回 朝夕食後"],
  ["クロピドグレル錠75mg", "錠", 1, "1日1回 朝食後"],
  ["ロスバスタチン錠2.5mg", "錠", 1, "1日1回 夕食後"],
  ["フロセミド錠20mg", "錠", 1, "1日1回 朝食後"],
  ["酸化マグネシウム錠330mg", "錠", 3, "1日3回 毎食後"],
] as const;

/** A pharmacy's dispensing results (調剤結果): every four weeks or so, two or three medicines each time. */
function dispensings(g: ReturnType<typeof generator>, id: (prefix: string) => string): DemoRecord[] {
  const records: DemoRecord[] = [];
  const visits = g.int(3, 5);
  let daysAgo = g.int(2, 20);
  for (let v = 0; v < visits; v++) {
    const issued = dateTime(daysAgo + 1, 1).slice(0, 10);
    const days = g.pick([14, 28, 28, 30]);
    const first = g.int(0, DRUGS.length - 1);
    const count = g.int(2, 3);
    for (let k = 0; k < count; k++) {
      const [name, unit, perDay, dosage] = DRUGS[(first + k) % DRUGS.length]!;
      records.push({
        kind: "dispensing",
        id: id("md"),
        date: dateTime(daysAgo, g.int(1, 7)),
        title: name,
        detail: dosage,
        code: "dispense",
        medication: { quantity: perDay * days, unit, days, dosage, fills: `院外処方箋（${issued} 交付）` },
      });
    }
    daysAgo += days + g.int(0, 5);
  }
  return records.sort((a, b) => b.date.localeCompare(a.date));
}

/** Every record the facility holds for the patient, newest first. */
export function demoRecords(facilityCode: string, localId: string): DemoRecord[] {
  const g = generator(facilityCode, localId);
  const records: DemoRecord[] = [];
  const hex = Buffer.from(localId, "utf8").toString("hex");
  let n = 0;
  const id = (prefix: string) => `${prefix}-${hex}-${++n}`;
  if (isPharmacy(facilityCode)) return dispensings(g, id);

  // outpatient visits over the last two years
  const visitDays: number[] = [];
  const visits = g.int(2, 4);
  for (let i = 0; i < visits; i++) {
    const daysAgo = g.int(7, 720);
    const department = g.pick(OUTPATIENT);
    records.push({
      kind: "encounter",
      id: id("enc"),
      date: dateTime(daysAgo, g.int(0, 6)),
      title: `外来受診（${department}）`,
      detail: g.pick(REASONS),
      code: "AMB",
    });
    records.push({
      kind: "report",
      id: id("lab"),
      date: dateTime(daysAgo, 1),
      title: "血液検査",
      detail: g.pick(BLOOD_FINDINGS),
      code: "LAB",
    });
    visitDays.push(daysAgo);
  }

  // an admission, with its discharge summary
  const admittedAgo = g.int(60, 400);
  const stay = g.int(7, 28);
  records.push({
    kind: "encounter",
    id: id("enc"),
    date: dateTime(admittedAgo, 2),
    title: "入院",
    detail: g.pick(REASONS),
    code: "IMP",
  });
  const summaryId = id("doc");
  records.push({
    kind: "document",
    id: summaryId,
    date: dateTime(admittedAgo - stay, 5),
    title: "退院時サマリ",
    detail: `入院 ${stay} 日`,
    code: "18842-5",
    binary: { id: `pdf-${summaryId}`, contentType: "application/pdf", title: "退院時サマリ.pdf" },
  });

  // imaging during the admission
  const studyId = id("img");
  records.push({
    kind: "imaging",
    id: studyId,
    date: dateTime(admittedAgo - 1, 1),
    title: "頭部MRI",
    detail: "MR",
    code: "MR",
    binary: { id: `png-${studyId}`, contentType: "image/png", title: "頭部MRI（代表画像）" },
  });
  if (g.int(0, 1) === 1) {
    const ctId = id("img");
    records.push({
      kind: "imaging",
      id: ctId,
      date: dateTime(g.int(10, 300), 3),
      title: "胸部CT",
      detail: "CT",
      code: "CT",
      binary: { id: `png-${ctId}`, contentType: "image/png", title: "胸部CT（代表画像）" },
    });
  }
  const letterId = id("doc");
  records.push({
    kind: "document",
    id: letterId,
    date: dateTime(g.int(3, 200), 4),
    title: "診療情報提供書",
    detail: "",
    code: "57133-1",
    binary: { id: `pdf-${letterId}`, contentType: "application/pdf", title: "診療情報提供書.pdf" },
  });
  // a prescription at each visit, drawn from a generator of its own: the other records stay as they were
  const rx = generator(`${facilityCode}/rx`, localId);
  for (const [i, daysAgo] of visitDays.entries()) {
    const [name, unit, perDay, dosage] = rx.pick(DRUGS);
    const days = rx.pick([14, 28, 30]);
    records.push({
      kind: "prescription",
      id: `rx-${hex}-${i + 1}`,
      date: dateTime(daysAgo, 2),
      title: name,
      detail: dosage,
      code: "rx",
      medication: { quantity: perDay * days, unit, days, dosage },
    });
  }
  return records.sort((a, b) => b.date.localeCompare(a.date));
}

/** The synthetic seed of a record's image (varies the picture a little). */
export function imageSeed(facilityCode: string, localId: string): number {
  return generator(facilityCode, localId).seed;
}

/** The FHIR resource of one demo record. */
export function fhirResource(record: DemoRecord, patientRef: string): Record<string, unknown> {
  const attachment = record.binary && {
    contentType: record.binary.contentType,
    url: `Binary/${record.binary.id}`,
    title: record.binary.title,
  };
  switch (record.kind) {
    case "document":
      return {
        resourceType: "DocumentReference",
        id: record.id,
        status: "current",
        type: {
          coding: [{ system: "http://loinc.org", code: record.code, display: record.title }],
          text: record.title,
        },
        subject: { reference: patientRef },
        date: record.date,
        ...(record.detail ? { description: `${record.title}（${record.detail}）` } : {}),
        content: [{ attachment }],
      };
    case "report":
      return {
        resourceType: "DiagnosticReport",
        id: record.id,
        status: "final",
        code: { text: record.title },
        subject: { reference: patientRef },
        effectiveDateTime: record.date,
        issued: record.date,
        conclusion: record.detail,
      };
    case "imaging":
      return {
        resourceType: "ImagingStudy",
        id: record.id,
        status: "available",
        contained: [
          {
            resourceType: "Endpoint",
            id: "images",
            status: "active",
            connectionType: {
              system: "http://terminology.hl7.org/CodeSystem/endpoint-connection-type",
              code: "direct-project",
            },
            payloadType: [{ text: "代表画像 / key image" }],
            payloadMimeType: [record.binary!.contentType],
            address: `Binary/${record.binary!.id}`,
          },
        ],
        subject: { reference: patientRef },
        started: record.date,
        modality: [{ system: "http://dicom.nema.org/resources/ontology/DCM", code: record.code }],
        description: record.title,
        numberOfSeries: 1,
        numberOfInstances: 1,
        endpoint: [{ reference: "#images", display: record.binary!.title }],
      };
    case "prescription":
      return {
        resourceType: "MedicationRequest",
        id: record.id,
        status: "completed",
        intent: "order",
        medicationCodeableConcept: { text: record.title },
        subject: { reference: patientRef },
        authoredOn: record.date,
        dosageInstruction: [{ text: record.medication!.dosage }],
        dispenseRequest: {
          quantity: { value: record.medication!.quantity, unit: record.medication!.unit },
          expectedSupplyDuration: {
            value: record.medication!.days,
            unit: "日",
            system: "http://unitsofmeasure.org",
            code: "d",
          },
        },
      };
    case "dispensing":
      return {
        resourceType: "MedicationDispense",
        id: record.id,
        status: "completed",
        medicationCodeableConcept: { text: record.title },
        subject: { reference: patientRef },
        quantity: { value: record.medication!.quantity, unit: record.medication!.unit },
        daysSupply: {
          value: record.medication!.days,
          unit: "日",
          system: "http://unitsofmeasure.org",
          code: "d",
        },
        whenHandedOver: record.date,
        dosageInstruction: [{ text: record.medication!.dosage }],
        ...(record.medication!.fills
          ? { authorizingPrescription: [{ display: record.medication!.fills }] }
          : {}),
      };
    case "encounter":
      return {
        resourceType: "Encounter",
        id: record.id,
        status: "finished",
        class: {
          system: "http://terminology.hl7.org/CodeSystem/v3-ActCode",
          code: record.code,
          display: record.code === "IMP" ? "inpatient encounter" : "ambulatory",
        },
        type: [{ text: record.title }],
        subject: { reference: patientRef },
        period: { start: record.date },
        reasonCode: [{ text: record.detail }],
      };
  }
}

/** A one-page PDF (ASCII text: the demo's documents need no embedded font). */
export function syntheticPdf(lines: readonly string[]): Buffer {
  const text = lines
    .map(
      (l, i) =>
        `BT /F1 12 Tf 50 ${780 - i * 18} Td (${l.replace(/[\\()]/g, "\\$&").replace(/[^\x20-\x7e]/g, "?")}) Tj ET`,
    )
    .join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${Buffer.byteLength(text, "latin1")} >>\nstream\n${text}\nendstream`,
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}
