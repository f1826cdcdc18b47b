import type {
  Bundle,
  CompositionSection,
  Encounter,
  Organization,
  Practitioner,
  Reference,
} from "@medplum/fhirtypes";
import type { DischargeSummaryDocument } from "../../model/documents";
import type { DischargeDestination } from "../../model/discharge-summary";
import { lengthOfStay, parseDate } from "../pdf/format";
import {
  allergyResource,
  carePlanResource,
  conditionResource,
  diagnosisLine,
  medicationLine,
  medicationRequestResource,
  narrativeDocumentResource,
  observationResource,
  procedureResource,
} from "./clinical";
import { CODE_SYSTEM, JP_ID_SYSTEM, PROFILE, SECTION } from "./codes";
import {
  DocumentBundleBuilder,
  NOT_WRITTEN,
  documentComposition,
  notWrittenSection,
  section,
  textSection,
} from "./document-bundle";
import { bold, field, list, paragraph, type Xhtml } from "./narrative";
import {
  displayName,
  organizationResource,
  partyNarrative,
  patientResource,
  practitionerResource,
} from "./participants";
import { documentIdentifierValue, japaneseDate, jstDate, present } from "./primitives";

/**
 * A discharge summary (退院時サマリー) as a FHIR R4 `document` Bundle in the
 * shape of the JP-CLINS eDischargeSummary guide (JP_Bundle_eDischargeSummary,
 * JP_Composition_eDischargeSummary): Composition first, typed 18842-5 and
 * categorised DISCHARGE; its event is the stay. The structured section (300)
 * holds the guide's sub-sections in the guide's order:
 *
 *   322 入院時詳細      the admission Encounter (and the referral quoted)
 *   342 入院時診断      required; not recorded by our form: "unavailable"
 *   510 アレルギー       AllergyIntolerance, or nilknown
 *   352 主訴            required; not recorded by our form: "unavailable"
 *   312 入院理由        the Encounter, whose reasonCode carries it
 *   360 現病歴          required; not recorded by our form: "unavailable"
 *   333 入院中経過      the course as a DocumentReference, as the guide asks
 *   324 退院時詳細      the Encounter: discharge date, length of stay, destination
 *   344 退院時診断      Conditions, the first the principal diagnosis (主病名)
 *   444 退院時投薬指示  MedicationRequests (category discharge), or nilknown
 *   424 退院時方針指示  CarePlans: the follow-up plan and the care needs
 *   614 退院時身体所見  the condition at discharge, in words
 *   713 入院中治療      Procedures
 *   623 入院中検査結果  Observations
 *
 * The guide has no place for the people a summary is sent to: JP-CLINS sends a
 * discharge summary attached to a referral letter, whose 910 section names
 * them. Standing alone here, the recipients go into a remarks and contact
 * section (220 備考・連絡情報) beside the structured one, with the hospital's
 * contact details, the remarks and, for an amendment, what it corrects. 910 and 920 are not used: they keep the
 * meaning the letter and the reply give them (referral destination and source).
 */

const TITLE = "退院時サマリー";

/**
 * The destination as FHIR R4's discharge-disposition codes name the kind of
 * place (JP_Encounter_eCS binds this element to the DPC outcome code system,
 * 転帰: cured, improved, died ... which our form does not record; the kind of
 * place is what R4 defines the element for and what the GP and care team need).
 */
const DISPOSITION: Record<DischargeDestination, { code: string; display: string; text: string }> = {
  home: { code: "home", display: "Home", text: "自宅" },
  home_with_services: { code: "home", display: "Home", text: "自宅（在宅サービス利用）" },
  care_facility: { code: "long", display: "Long-term care", text: "介護施設" },
  rehabilitation_hospital: { code: "rehab", display: "Rehabilitation", text: "回復期リハビリテーション病院" },
  other_hospital: { code: "other-hcf", display: "Other healthcare facility", text: "他の病院" },
  deceased: { code: "exp", display: "Expired", text: "死亡退院" },
  other: { code: "oth", display: "Other", text: "その他" },
};

/** LOINC 8648-8 "Hospital course Narrative": the type of the hospital course document. */
const HOSPITAL_COURSE_TYPE = {
  system: CODE_SYSTEM.loinc,
  code: "8648-8",
  display: "Hospital course Narrative",
};

export function dischargeSummaryBundle(doc: DischargeSummaryDocument): Bundle {
  const { author, content } = doc;
  // Each version is a document of its own: its fullUrls are minted per version.
  const b = new DocumentBundleBuilder(`discharge-summary/${doc.summaryId}/${doc.version}`);

  // A local patient ID is the issuing facility's: here the hospital's.
  const patient = b.add("patient", patientResource(doc.patient, author.facility));
  const authorDoctor = b.add("practitioner/author", practitionerResource(author.practitioner));
  const authorOrg = b.add("organization/author", organizationResource(author.facility, author.department));
  const recipients = addRecipients(b, doc);

  const { admissionDate, dischargeDate } = content;
  const days =
    admissionDate && dischargeDate ? lengthOfStay(parseDate(admissionDate), parseDate(dischargeDate)) : null;
  const reason = present(content.reasonForAdmission);
  const destination = content.dischargeDestination ? DISPOSITION[content.dischargeDestination] : null;
  const conditionRoles = content.diagnoses.map((_, i) => `condition/${i}`);
  const admissionResource: Encounter = {
    resourceType: "Encounter",
    status: dischargeDate ? "finished" : admissionDate ? "in-progress" : "unknown",
    class: { system: CODE_SYSTEM.actCode, code: "IMP", display: "inpatient encounter" },
    subject: patient,
    ...(doc.referral
      ? {
          // The referral letter that asked for this care, named by its national identifier.
          basedOn: [
            {
              type: "ServiceRequest",
              identifier: {
                system: JP_ID_SYSTEM.bundle,
                value: documentIdentifierValue(
                  doc.referral.referrerFacility.code,
                  doc.referral.issuedAt,
                  doc.referral.documentNumber,
                ),
              },
              display: `${doc.referral.referrerFacility.name} 診療情報提供書`,
            },
          ],
        }
      : {}),
    participant: [
      {
        type: [{ coding: [{ system: CODE_SYSTEM.participationType, code: "ATND", display: "attender" }] }],
        individual: authorDoctor,
      },
    ],
    ...(admissionDate
      ? { period: { start: admissionDate, ...(dischargeDate ? { end: dischargeDate } : {}) } }
      : {}),
    // JP_Encounter_eCS: the length of stay in days (UCUM "d"), counted as Japanese hospitals count it.
    ...(days !== null ? { length: { value: days, unit: "日", system: CODE_SYSTEM.ucum, code: "d" } } : {}),
    ...(reason ? { reasonCode: [{ text: reason }] } : {}),
    ...(conditionRoles.length > 0
      ? {
          // Discharge diagnoses ranked: rank 1 is the principal diagnosis (主病名).
          diagnosis: conditionRoles.map((role, i) => ({
            condition: b.referenceTo(role, "Condition"),
            use: {
              coding: [{ system: CODE_SYSTEM.diagnosisRole, code: "DD", display: "Discharge diagnosis" }],
            },
            rank: i + 1,
          })),
        }
      : {}),
    ...(destination
      ? {
          hospitalization: {
            dischargeDisposition: {
              coding: [
                {
                  system: CODE_SYSTEM.dischargeDisposition,
                  code: destination.code,
                  display: destination.display,
                },
              ],
              text: destination.text,
            },
          },
        }
      : {}),
    serviceProvider: authorOrg,
  };
  const admission = b.add("encounter/admission", admissionResource);

  const conditions = content.diagnoses.map((d, i) =>
    b.add(conditionRoles[i]!, conditionResource(d, patient, "encounter-diagnosis", admission)),
  );
  const allergies = content.allergies.map((a, i) => b.add(`allergy/${i}`, allergyResource(a, patient)));
  const hospitalCourse = present(content.hospitalCourse)
    ? b.add(
        "document/hospital-course",
        narrativeDocumentResource(
          {
            type: HOSPITAL_COURSE_TYPE,
            title: "入院中経過",
            text: content.hospitalCourse,
            writtenAt: doc.issuedAt,
          },
          patient,
          authorDoctor,
          admission,
        ),
      )
    : null;
  const medications = content.dischargeMedications.map((m, i) =>
    b.add(`medication/${i}`, medicationRequestResource(m, patient, "discharge")),
  );
  const plans = [
    { role: "care-plan/follow-up", title: "今後の方針", text: present(content.followUpPlan) },
    { role: "care-plan/care-needs", title: "看護・介護上の留意点", text: present(content.careNeeds) },
  ].flatMap(({ role, title, text }) =>
    text ? [b.add(role, carePlanResource(title, text, patient, admission, authorDoctor))] : [],
  );
  const procedures = content.procedures.map((p, i) =>
    b.add(`procedure/${i}`, procedureResource(p, patient, admission)),
  );
  const observations = content.testResults.map((r, i) =>
    b.add(`observation/${i}`, observationResource(r, patient)),
  );

  const structured = section(SECTION.structured, "構造情報", {
    sections: [
      section(SECTION.detailsOnAdmission, "入院時詳細", {
        narrative: admissionNarrative(doc),
        entries: [admission],
      }),
      // Our form does not ask for admission diagnoses, the chief complaint or the
      // present illness (the referral letter holds the last two); the guide
      // requires the sections, so they say so.
      notWrittenSection(SECTION.diagnosesOnAdmission, "入院時診断"),
      ...allergySections(doc, allergies),
      notWrittenSection(SECTION.chiefComplaints, "主訴"),
      reason
        ? section(SECTION.reasonForAdmission, "入院理由", {
            narrative: [paragraph(reason)],
            entries: [admission],
          })
        : notWrittenSection(SECTION.reasonForAdmission, "入院理由"),
      notWrittenSection(SECTION.presentIllness, "現病歴"),
      hospitalCourse
        ? section(SECTION.hospitalCourse, "入院中経過", {
            narrative: [paragraph(content.hospitalCourse)],
            entries: [hospitalCourse],
          })
        : notWrittenSection(SECTION.hospitalCourse, "入院中経過"),
      section(SECTION.detailsOnDischarge, "退院時詳細", {
        narrative: dischargeNarrative(doc, days),
        entries: [admission],
      }),
      conditions.length > 0
        ? section(SECTION.diagnosesOnDischarge, "退院時診断", {
            narrative: [
              list(content.diagnoses.map((d, i) => (i === 0 ? "【主病名】" : "") + diagnosisLine(d))),
            ],
            entries: conditions,
          })
        : notWrittenSection(SECTION.diagnosesOnDischarge, "退院時診断"),
      medicationSection(doc, medications),
      plans.length > 0
        ? section(SECTION.instructionOnDischarge, "退院時方針指示", {
            narrative: [
              ...(present(content.followUpPlan) ? [field("今後の方針", content.followUpPlan)] : []),
              ...(present(content.careNeeds) ? [field("看護・介護上の留意点", content.careNeeds)] : []),
            ],
            entries: plans,
          })
        : notWrittenSection(SECTION.instructionOnDischarge, "退院時方針指示"),
      ...textSection(SECTION.physicalStatusOnDischarge, "退院時身体所見", content.conditionAtDischarge),
      ...(procedures.length > 0
        ? [
            section(SECTION.hospitalProcedure, "入院中治療", {
              narrative: [list(content.procedures.map(procedureLine))],
              entries: procedures,
            }),
          ]
        : []),
      ...(observations.length > 0
        ? [
            section(SECTION.hospitalStudy, "入院中検査結果", {
              narrative: [
                list(
                  content.testResults.map(
                    (r) =>
                      `${r.name}：${r.value}${present(r.unit) ? ` ${r.unit}` : ""}` +
                      (r.observedOn ? `（${r.observedOn}）` : ""),
                  ),
                ),
              ],
              entries: observations,
            }),
          ]
        : []),
    ],
  });

  const identifierValue = documentIdentifierValue(
    author.facility.code,
    // the identifier names the document, not a version (MHLW replaces a registered document by
    // re-registering it under the same identifier): its year is the first issue's for every version
    doc.firstIssuedAt,
    doc.documentNumber,
  );
  const composition = documentComposition({
    identifierValue,
    version: doc.version,
    issuedAt: doc.issuedAt,
    draft: doc.draft,
    ...(doc.draft ? {} : { profile: PROFILE.eDischargeSummaryComposition }),
    type: { system: CODE_SYSTEM.docType, code: "18842-5", display: TITLE },
    category: { system: CODE_SYSTEM.docSubtype, code: "DISCHARGE", display: "退院時文書" },
    title: TITLE,
    subject: patient,
    encounter: admission,
    author: [authorDoctor, authorOrg],
    custodian: authorOrg,
    // The guide: the event is the stay, admission to discharge, without a code.
    ...(admissionDate
      ? { event: { period: { start: admissionDate, ...(dischargeDate ? { end: dischargeDate } : {}) } } }
      : {}),
    section: [structured, remarksSection(doc, recipients)],
  });

  return b.bundle(composition, {
    identifierValue,
    issuedAt: doc.issuedAt,
    ...(doc.draft ? {} : { profile: PROFILE.eDischargeSummaryBundle }),
  });
}

/** One Organization per recipient facility, one Practitioner per named recipient. */
function addRecipients(
  b: DocumentBundleBuilder,
  doc: DischargeSummaryDocument,
): Reference<Organization | Practitioner>[] {
  const refs: Reference<Organization | Practitioner>[] = [];
  const facilities = new Set<string>();
  const practitioners = new Set<string>();
  for (const { facility, practitioner } of doc.recipients) {
    if (!facilities.has(facility.id)) {
      facilities.add(facility.id);
      refs.push(b.add(`organization/recipient/${facility.id}`, organizationResource(facility, null)));
    }
    if (practitioner && !practitioners.has(practitioner.id)) {
      practitioners.add(practitioner.id);
      refs.push(b.add(`practitioner/recipient/${practitioner.id}`, practitionerResource(practitioner)));
    }
  }
  return refs;
}

function admissionNarrative({ content, referral }: DischargeSummaryDocument): Xhtml[] {
  return [
    field("入院日", content.admissionDate ? japaneseDate(content.admissionDate) : NOT_WRITTEN),
    ...(referral
      ? [
          field(
            "紹介元",
            `${referral.referrerFacility.name}（${japaneseDate(jstDate(referral.issuedAt))}付け` +
              ` 診療情報提供書 文書番号 ${referral.documentNumber}）`,
          ),
        ]
      : []),
  ];
}

function dischargeNarrative({ content }: DischargeSummaryDocument, days: number | null): Xhtml[] {
  const destination = content.dischargeDestination
    ? DISPOSITION[content.dischargeDestination].text +
      (present(content.dischargeDestinationNote) ? `（${content.dischargeDestinationNote}）` : "")
    : NOT_WRITTEN;
  return [
    field("退院日", content.dischargeDate ? japaneseDate(content.dischargeDate) : NOT_WRITTEN),
    field("入院日数", days !== null ? `${days}日（入院日・退院日を含む）` : NOT_WRITTEN),
    field("退院先", destination),
  ];
}

/** Listed allergies; "none known" said on purpose is the guide's emptyReason nilknown; not asked: no section. */
function allergySections(
  { content }: DischargeSummaryDocument,
  allergies: Reference[],
): CompositionSection[] {
  if (allergies.length > 0) {
    return [
      section(SECTION.allergies, "アレルギー・不耐性反応", {
        narrative: [
          list(
            content.allergies.map((a) =>
              present(a.reaction) ? `${a.substance}：${a.reaction}` : a.substance,
            ),
          ),
        ],
        entries: allergies,
      }),
    ];
  }
  if (!content.noKnownAllergies) return [];
  return [
    section(SECTION.allergies, "アレルギー・不耐性反応", {
      narrative: [paragraph("アレルギー・不耐性反応なし")],
      emptyReason: "nilknown",
    }),
  ];
}

/**
 * The discharge prescription and what changed during the stay. "No medication"
 * said on purpose is nilknown (the guide's wording); nothing filled in is
 * "unavailable", since the guide requires the section.
 */
function medicationSection(
  { content }: DischargeSummaryDocument,
  medications: Reference[],
): CompositionSection {
  const changes = present(content.medicationChanges) ? [field("処方変更点", content.medicationChanges)] : [];
  const title = "退院時投薬指示";
  if (medications.length > 0) {
    return section(SECTION.medicationOnDischarge, title, {
      narrative: [list(content.dischargeMedications.map(medicationLine)), ...changes],
      entries: medications,
    });
  }
  return section(SECTION.medicationOnDischarge, title, {
    narrative: [paragraph(content.noDischargeMedication ? "退院時処方なし" : NOT_WRITTEN), ...changes],
    emptyReason: content.noDischargeMedication ? "nilknown" : "unavailable",
  });
}

function procedureLine(p: DischargeSummaryDocument["content"]["procedures"][number]): string {
  return (
    (p.performedOn ? `${japaneseDate(p.performedOn)} ` : "") +
    p.name +
    (present(p.note) ? `（${p.note}）` : "")
  );
}

/**
 * Remarks and contact (220): what an amendment corrects, whom to contact at the
 * hospital, whom the summary goes to (the entries), the remarks.
 */
function remarksSection(
  doc: DischargeSummaryDocument,
  recipients: Reference<Organization | Practitioner>[],
): CompositionSection {
  const blocks: Xhtml[] = [];
  if (doc.amendment) {
    blocks.push(
      field(
        "訂正",
        `第${doc.version}版（${japaneseDate(jstDate(doc.amendment.replacesIssuedAt))}付け` +
          `第${doc.amendment.replacesVersion}版を訂正）`,
      ),
      field("訂正理由", present(doc.amendment.note) ?? NOT_WRITTEN),
    );
  }
  const { author } = doc;
  blocks.push(
    paragraph(bold("作成医療機関")),
    ...partyNarrative(author.facility, author.department, author.practitioner),
  );
  if (doc.recipients.length > 0) {
    blocks.push(
      field(
        "送付先",
        list(
          doc.recipients.map((r) =>
            [r.facility.name, r.practitioner ? displayName(r.practitioner) : null].filter(Boolean).join(" "),
          ),
        ),
      ),
    );
  }
  if (present(doc.content.remarks)) blocks.push(field("備考", doc.content.remarks));
  return section(SECTION.remarks, "備考・連絡情報", { narrative: blocks, entries: recipients });
}
