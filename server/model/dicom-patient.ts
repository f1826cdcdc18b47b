/**
 * Whether the patient a DICOM study names is the patient at hand (a disc
 * brought by the patient is imported only then). Pure rules, no I/O.
 *
 * Treated as the same:
 * - full-width and half-width forms (NFKC: "Ｈ１２３" = "H123", "ﾔﾏﾀﾞ" = "ヤマダ"),
 * - hiragana and katakana ("やまだ" = "ヤマダ"),
 * - spaces of any width and the DICOM name separator "^" ("山田(全角空白)花子" = "山田^花子"),
 * - upper and lower case Latin letters.
 * Not the same (refused): a name only in Latin letters (no romanisation is
 * guessed), variant kanji (髙/高), small and large kana (ッ/ツ), a long-vowel
 * mark against a vowel, an ID with or without leading zeros, a missing value.
 */

/** A DICOM PN's component groups (alphabetic = ideographic = phonetic). */
export interface DicomPersonName {
  alphabetic: string;
  ideographic: string;
  phonetic: string;
}

export interface DicomPatient {
  patientId: string;
  name: DicomPersonName;
  /** DICOM DA as YYYY-MM-DD, or null */
  birthDate: string | null;
  sex: string;
}

export interface NetworkPatient {
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  /** YYYY-MM-DD */
  birthDate: string;
  /** the patient's local IDs at facilities inside consent */
  localIds: { facilityId: string; localId: string }[];
}

export type PatientField = "patientId" | "name" | "birthDate";

export interface PatientComparison {
  matches: boolean;
  /** the fields that differ, in this order */
  differs: PatientField[];
  /** the facility whose local ID is the DICOM PatientID, when one is */
  localIdFacilityId: string | null;
  /** the DICOM name has only Latin letters: not compared with the kanji or kana name */
  nameOnlyLatin: boolean;
}

const HIRAGANA = /[\u3041-\u3096]/g;

/** The comparable form of a name: NFKC, katakana, no spaces or separators, upper case. */
export function normaliseName(name: string): string {
  return name
    .normalize("NFKC")
    .replace(HIRAGANA, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
    .replace(/[\s\u3000^]+/g, "")
    .toUpperCase();
}

/** The comparable form of an ID: NFKC, trimmed (DICOM LO pads with spaces); case and zeros kept. */
export const normaliseId = (id: string) => id.normalize("NFKC").trim();

const LATIN_ONLY = /^[A-Z0-9.,'-]*$/;

export function comparePatient(dicom: DicomPatient, patient: NetworkPatient): PatientComparison {
  const differs: PatientField[] = [];
  const id = normaliseId(dicom.patientId);
  const local = id === "" ? undefined : patient.localIds.find((l) => normaliseId(l.localId) === id);
  if (!local) differs.push("patientId");

  const ours = [
    normaliseName(`${patient.familyName}${patient.givenName}`),
    normaliseName(`${patient.familyNameKana}${patient.givenNameKana}`),
  ].filter((n) => n !== "");
  const groups = [dicom.name.alphabetic, dicom.name.ideographic, dicom.name.phonetic]
    .map(normaliseName)
    .filter((g) => g !== "");
  const nameMatches = groups.some((g) => ours.includes(g));
  if (!nameMatches) differs.push("name");
  const nameOnlyLatin = !nameMatches && groups.length > 0 && groups.every((g) => LATIN_ONLY.test(g));

  if (!dicom.birthDate || dicom.birthDate !== patient.birthDate) differs.push("birthDate");
  return {
    matches: differs.length === 0,
    differs,
    localIdFacilityId: local?.facilityId ?? null,
    nameOnlyLatin,
  };
}

/** The same person in two DICOM headers (a folder of one patient): same ID, name and birth date as written. */
export function samePatientInHeaders(a: DicomPatient, b: DicomPatient): boolean {
  const name = (n: DicomPersonName) => [n.alphabetic, n.ideographic, n.phonetic].map(normaliseName).join("=");
  return (
    normaliseId(a.patientId) === normaliseId(b.patientId) &&
    name(a.name) === name(b.name) &&
    a.birthDate === b.birthDate
  );
}

/** The name as shown to the uploader: its groups joined, separators as spaces. */
export function displayPersonName(n: DicomPersonName): { name: string; kana: string } {
  const show = (s: string) => s.replaceAll("^", " ").trim();
  const name = show(n.ideographic) || show(n.alphabetic);
  const kana = show(n.phonetic) || (n.ideographic ? show(n.alphabetic) : "");
  return { name, kana: kana === name ? "" : kana };
}
