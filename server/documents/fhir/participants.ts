import type {
  CodeableConcept,
  Extension,
  HumanName,
  Identifier,
  Organization,
  Patient,
  Practitioner,
} from "@medplum/fhirtypes";
import type { DocumentFacility, DocumentPatient, DocumentPractitioner } from "../../model/documents";
import { CODE_SYSTEM, EXTENSION, JP_ID_SYSTEM, NETWORK_ID_SYSTEM, localPatientIdSystem } from "./codes";
import { field, narrative, type Xhtml } from "./narrative";
import { present } from "./primitives";

/**
 * Patient, Practitioner and Organization in the JP Core shape, shared by the
 * referral letter, the reply and the discharge summary export.
 *
 * The documents are Japanese-language (Composition.language "ja"), so the few
 * labels written into narratives here are Japanese and live beside the code
 * rather than in the app's UI message catalogue.
 */

interface PersonName {
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
}

/**
 * JP Core names: the kanji name (representation "IDE") and the kana reading
 * ("SYL") as two HumanName entries. JP-CLINS forbids a full-width space in the
 * text, so family and given name are joined with an ASCII space.
 */
export function japaneseNames(person: PersonName): HumanName[] {
  const name = (representation: "IDE" | "SYL", family: string, given: string): HumanName | null => {
    const f = present(family);
    const g = present(given);
    if (!f && !g) return null;
    return {
      extension: [{ url: EXTENSION.nameRepresentation, valueCode: representation }],
      use: "official",
      text: [f, g].filter(Boolean).join(" "),
      ...(f ? { family: f } : {}),
      ...(g ? { given: [g] } : {}),
    };
  };
  return [
    name("IDE", person.familyName, person.givenName),
    name("SYL", person.familyNameKana, person.givenNameKana),
  ].filter((n): n is HumanName => n !== null);
}

export function displayName(person: PersonName): string {
  return [present(person.familyName), present(person.givenName)].filter(Boolean).join(" ");
}

function kanaName(person: PersonName): string {
  return [present(person.familyNameKana), present(person.givenNameKana)].filter(Boolean).join(" ");
}

const SEX_LABEL: Record<DocumentPatient["sex"], string> = {
  male: "男性",
  female: "女性",
  other: "その他",
  unknown: "不明",
};

/**
 * The patient, identified by the network's regional ID and, when the document
 * carries one, the patient ID at `localIdFacility` (JP-CLINS's 施設患者ID).
 */
export function patientResource(patient: DocumentPatient, localIdFacility: DocumentFacility): Patient {
  const identifier: Identifier[] = [
    { system: NETWORK_ID_SYSTEM.regionalPatientId, value: patient.regionalId },
  ];
  const localId = present(patient.localId);
  if (localId) identifier.push({ system: localPatientIdSystem(localIdFacility.code), value: localId });
  const phone = present(patient.phone);
  const address = present(patient.address);
  const postalCode = present(patient.postalCode);
  const kana = kanaName(patient);
  return {
    resourceType: "Patient",
    text: narrative("generated", [
      field("氏名", displayName(patient) + (kana ? `（${kana}）` : "")),
      field("生年月日", patient.birthDate),
      field("性別", SEX_LABEL[patient.sex]),
      field("地域患者ID", patient.regionalId),
    ]),
    identifier,
    name: japaneseNames(patient),
    ...(phone ? { telecom: [{ system: "phone" as const, value: phone, use: "home" as const }] } : {}),
    gender: patient.sex,
    birthDate: patient.birthDate,
    ...(address || postalCode
      ? {
          address: [
            {
              use: "home" as const,
              ...(address ? { text: address } : {}),
              ...(postalCode ? { postalCode } : {}),
              country: "JP",
            },
          ],
        }
      : {}),
  };
}

const PROFESSION_LABEL: Record<string, string> = {
  physician: "医師",
  dentist: "歯科医師",
  nurse: "看護師",
  visiting_nurse: "訪問看護師",
  pharmacist: "薬剤師",
  therapist: "療法士",
  care_manager: "介護支援専門員",
  liaison: "地域医療連携室",
  clerk: "事務",
};

function qualificationCode(profession: string): CodeableConcept {
  const text = PROFESSION_LABEL[profession] ?? profession;
  // JP Core codes the physician's licence; the other professions go as text only.
  if (profession === "physician") {
    return {
      coding: [
        { system: CODE_SYSTEM.practitionerCertificate, code: "MedicalDoctorLicense", display: "医師" },
      ],
      text,
    };
  }
  return { text };
}

export function practitionerResource(practitioner: DocumentPractitioner): Practitioner {
  return {
    resourceType: "Practitioner",
    identifier: [{ system: NETWORK_ID_SYSTEM.practitioner, value: practitioner.id }],
    name: japaneseNames(practitioner),
    ...(present(practitioner.profession)
      ? { qualification: [{ code: qualificationCode(practitioner.profession) }] }
      : {}),
  };
}

/**
 * JP Core's Organization extensions, read off the 10-digit code: prefecture
 * (2), fee-schedule category (1: medical, 3: dental ...) and institution number (7).
 */
function institutionCodeExtensions(code: string): Extension[] {
  if (!/^\d{10}$/.test(code)) return [];
  return [
    {
      url: EXTENSION.prefectureNo,
      valueCoding: { system: CODE_SYSTEM.prefectureNo, code: code.slice(0, 2) },
    },
    {
      url: EXTENSION.feeScheduleCategory,
      valueCoding: { system: CODE_SYSTEM.feeScheduleCategory, code: code.slice(2, 3) },
    },
    {
      url: EXTENSION.institutionNo,
      valueIdentifier: { system: CODE_SYSTEM.institutionNo, value: code.slice(3) },
    },
  ];
}

/**
 * A facility as JP_Organization_eCS has it: one Organization per facility in
 * its role in the document, the department (if any) as the JP_eCS_Department
 * extension. We hold department names, not SS-MIX2 department codes, so the
 * extension carries text only.
 */
export function organizationResource(facility: DocumentFacility, department: string | null): Organization {
  const dept = present(department);
  const phone = present(facility.phone);
  const address = present(facility.address);
  const extension: Extension[] = [
    ...(dept ? [{ url: EXTENSION.department, valueCodeableConcept: { text: dept } }] : []),
    ...institutionCodeExtensions(facility.code),
  ];
  return {
    resourceType: "Organization",
    ...(extension.length > 0 ? { extension } : {}),
    identifier: [
      { system: JP_ID_SYSTEM.medicalInstitution, value: facility.code },
      { system: NETWORK_ID_SYSTEM.facility, value: facility.id },
    ],
    type: [{ coding: [{ system: CODE_SYSTEM.organizationType, code: "prov" }] }],
    name: facility.name,
    ...(phone ? { telecom: [{ system: "phone" as const, value: phone, use: "work" as const }] } : {}),
    ...(address ? { address: [{ text: address, country: "JP" }] } : {}),
  };
}

/** Facility, department, doctor, address and phone, as a letterhead reads. */
export function partyNarrative(
  facility: DocumentFacility,
  department: string | null,
  practitioner: DocumentPractitioner | null,
): Xhtml[] {
  const blocks = [field("医療機関", facility.name)];
  const dept = present(department);
  if (dept) blocks.push(field("診療科", dept));
  if (practitioner) blocks.push(field("医師", displayName(practitioner)));
  if (present(facility.address)) blocks.push(field("所在地", facility.address));
  if (present(facility.phone)) blocks.push(field("電話", facility.phone));
  return blocks;
}
