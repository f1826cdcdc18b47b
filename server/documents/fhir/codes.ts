/**
 * URLs, code systems and codes the FHIR document exports use, in one place.
 *
 * Sources: the JP-CLINS implementation guide of the MHLW electronic health
 * record sharing service (jpfhir.jp, profiles JP_Bundle_eReferral,
 * JP_Composition_eReferral, JP_Bundle_eDischargeSummary,
 * JP_Composition_eDischargeSummary and JP_Encounter_eCS, code system
 * "document-section"; their FHIR Shorthand sources are published in the JAMI
 * FHIR working group's clinical-core repository), JP Core (identifier systems
 * and Organization extensions), HL7 terminology and FHIR R4.
 */

export const PROFILE = {
  /** JP_Bundle_eReferral; the guide asks for the version after "|". */
  eReferralBundle: "http://jpfhir.jp/fhir/clins/StructureDefinition/JP_Bundle_eReferral|1",
  eReferralComposition: "http://jpfhir.jp/fhir/eReferral/StructureDefinition/JP_Composition_eReferral",
  /** JP_Bundle_eDischargeSummary, named in the clins namespace with its version as the guide asks */
  eDischargeSummaryBundle: "http://jpfhir.jp/fhir/clins/StructureDefinition/JP_Bundle_eDischargeSummary|1",
  eDischargeSummaryComposition:
    "http://jpfhir.jp/fhir/eDischargeSummary/StructureDefinition/JP_Composition_eDischargeSummary",
} as const;

/** Identifier systems defined by JP-CLINS and JP Core. */
export const JP_ID_SYSTEM = {
  /** Bundle.identifier of a JP-CLINS document: "<10-digit institution code>^<year>^<document ID>" */
  bundle: "http://jpfhir.jp/fhir/clins/bundle-identifier",
  /** Composition.identifier: the same three parts, the document number of the issuing institution */
  resourceInstance: "http://jpfhir.jp/fhir/core/IdSystem/resourceInstance-identifier",
  /** 保険医療機関番号 (10 digits: prefecture 2, fee-schedule category 1, institution number 7) */
  medicalInstitution: "http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no",
} as const;

/**
 * A patient's ID at one facility (施設患者ID), as JP-CLINS rule R1010 names it:
 * the OID 1.2.392.100495.20.3.51 with "1" and the facility's 10-digit code appended.
 */
export function localPatientIdSystem(facilityCode: string): string {
  return `urn:oid:1.2.392.100495.20.3.51.1${facilityCode}`;
}

/**
 * The network's own identifier namespace. There is no national system for a
 * regional network's patient ID, so the network names its own. example.jp is a
 * reserved name: the network office replaces this base with a URL on its own
 * domain (or an OID it registers) before documents leave the test bed, and it
 * must then never change, since receivers match identifiers by system.
 */
export const NETWORK_NAMESPACE = "https://okinet.example.jp/fhir";

/**
 * The network's code system for the documents between home-care professions,
 * which neither JP-CLINS nor LOINC names one by one (訪問看護指示書, 服薬情報提供書,
 * 入院時情報提供書 are defined by Japan's insurance rules).
 */
export const HOME_CARE_DOCUMENT_SYSTEM = `${NETWORK_NAMESPACE}/CodeSystem/home-care-document`;
/** The network's codes for the home-care forms' status items (日常生活自立度, 要介護度, ADL ...). */
export const HOME_CARE_ITEM_SYSTEM = `${NETWORK_NAMESPACE}/CodeSystem/home-care-item`;

export const NETWORK_ID_SYSTEM = {
  regionalPatientId: `${NETWORK_NAMESPACE}/IdSystem/regional-patient-id`,
  facility: `${NETWORK_NAMESPACE}/IdSystem/facility-id`,
  practitioner: `${NETWORK_NAMESPACE}/IdSystem/practitioner-id`,
  referral: `${NETWORK_NAMESPACE}/IdSystem/referral-id`,
  attachment: `${NETWORK_NAMESPACE}/IdSystem/attachment-id`,
} as const;

export const CODE_SYSTEM = {
  /** JP-CLINS document type codes (LOINC codes under a jpfhir.jp system) */
  docType: "http://jpfhir.jp/fhir/Common/CodeSystem/doc-typecodes",
  docSubtype: "http://jpfhir.jp/fhir/Common/CodeSystem/doc-subtypecodes",
  documentSection: "http://jpfhir.jp/fhir/clins/CodeSystem/document-section",
  loinc: "http://loinc.org",
  icd10: "http://hl7.org/fhir/sid/icd-10",
  conditionClinical: "http://terminology.hl7.org/CodeSystem/condition-clinical",
  conditionVerification: "http://terminology.hl7.org/CodeSystem/condition-ver-status",
  conditionCategory: "http://terminology.hl7.org/CodeSystem/condition-category",
  allergyClinical: "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
  listEmptyReason: "http://terminology.hl7.org/CodeSystem/list-empty-reason",
  actCode: "http://terminology.hl7.org/CodeSystem/v3-ActCode",
  actPriority: "http://terminology.hl7.org/CodeSystem/v3-ActPriority",
  participationType: "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
  diagnosisRole: "http://terminology.hl7.org/CodeSystem/diagnosis-role",
  /** FHIR R4's kind of place a patient goes to on discharge (Encounter.hospitalization.dischargeDisposition) */
  dischargeDisposition: "http://terminology.hl7.org/CodeSystem/discharge-disposition",
  medicationRequestCategory: "http://terminology.hl7.org/CodeSystem/medicationrequest-category",
  ucum: "http://unitsofmeasure.org",
  organizationType: "http://terminology.hl7.org/CodeSystem/organization-type",
  practitionerCertificate: "http://jpfhir.jp/fhir/core/CodeSystem/practitioner-certificate-category",
  /** JP Core Organization extensions' value systems */
  prefectureNo: "urn:oid:1.2.392.100495.20.3.21",
  feeScheduleCategory: "urn:oid:1.2.392.100495.20.3.22",
  institutionNo: "urn:oid:1.2.392.100495.20.3.23",
  /** FHIR's system for an identifier whose value is a URI */
  uri: "urn:ietf:rfc:3986",
} as const;

export const EXTENSION = {
  nameRepresentation: "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation",
  documentVersion: "http://hl7.org/fhir/StructureDefinition/composition-clinicaldocument-versionNumber",
  department: "http://jpfhir.jp/fhir/eCS/Extension/StructureDefinition/JP_eCS_Department",
  prefectureNo: "http://jpfhir.jp/fhir/core/Extension/StructureDefinition/JP_Organization_PrefectureNo",
  feeScheduleCategory:
    "http://jpfhir.jp/fhir/core/Extension/StructureDefinition/JP_Organization_InsuranceOrganizationCategory",
  institutionNo:
    "http://jpfhir.jp/fhir/core/Extension/StructureDefinition/JP_Organization_InsuranceOrganizationNo",
} as const;

/**
 * Section codes of http://jpfhir.jp/fhir/clins/CodeSystem/document-section, with
 * the display the code system gives each (the guide fixes code and display).
 * The code system groups them: common to all documents, referral (REF) and
 * discharge summary (DIS); the DIS codes are the sub-sections of
 * JP_Composition_eDischargeSummary's structured section.
 */
export const SECTION = {
  attachment: { code: "210", display: "添付情報セクション" },
  remarks: { code: "220", display: "備考・連絡情報セクション" },
  structured: { code: "300", display: "構造情報セクション" },
  clinicalCourse: { code: "330", display: "臨床経過セクション" },
  problem: { code: "340", display: "傷病名・主訴セクション" },
  presentIllness: { code: "360", display: "現病歴セクション" },
  pastIllness: { code: "370", display: "既往歴セクション" },
  clinicalInstruction: { code: "420", display: "診療方針指示セクション" },
  medication: { code: "430", display: "投薬指示セクション" },
  allergies: { code: "510", display: "アレルギー・不耐性反応セクション" },
  infection: { code: "520", display: "感染症情報セクション" },
  familyHistory: { code: "550", display: "家族歴セクション" },
  study: { code: "620", display: "検査結果セクション" },
  referralTo: { code: "910", display: "紹介先情報セクション" },
  referralFrom: { code: "920", display: "紹介元情報セクション" },
  referralPurpose: { code: "950", display: "紹介目的セクション" },
  reasonForAdmission: { code: "312", display: "入院理由セクション" },
  detailsOnAdmission: { code: "322", display: "入院時詳細セクション" },
  detailsOnDischarge: { code: "324", display: "退院時詳細セクション" },
  hospitalCourse: { code: "333", display: "入院中経過セクション" },
  diagnosesOnAdmission: { code: "342", display: "入院時診断セクション" },
  diagnosesOnDischarge: { code: "344", display: "退院時診断セクション" },
  chiefComplaints: { code: "352", display: "主訴セクション" },
  instructionOnDischarge: { code: "424", display: "退院時方針指示セクション" },
  medicationOnDischarge: { code: "444", display: "退院時投薬指示セクション" },
  physicalStatusOnDischarge: { code: "614", display: "退院時身体所見セクション" },
  hospitalStudy: { code: "623", display: "入院中検査結果セクション" },
  hospitalProcedure: { code: "713", display: "入院中治療セクション" },
} as const;

export type SectionCode = (typeof SECTION)[keyof typeof SECTION];
