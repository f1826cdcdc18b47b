import type { Bundle, Composition, CompositionSection, Encounter } from "@medplum/fhirtypes";
import type { ReferralLetterDocument, ReferralReplyDocument } from "../../model/documents";
import type { ReferralReplyContent } from "../../model/referral-letter";
import {
  allergyResource,
  attachmentReferenceResource,
  conditionResource,
  diagnosisLine,
  medicationLine,
  medicationRequestResource,
  observationResource,
} from "./clinical";
import { CODE_SYSTEM, NETWORK_ID_SYSTEM, PROFILE, SECTION } from "./codes";
import {
  DocumentBundleBuilder,
  NOT_WRITTEN,
  documentComposition,
  requiredTextSection,
  section,
  textSection,
  type DocumentCompositionFields,
} from "./document-bundle";
import { field, list, paragraph, type Xhtml } from "./narrative";
import { organizationResource, partyNarrative, patientResource, practitionerResource } from "./participants";
import { documentIdentifierValue, japaneseDate, jstDate, present } from "./primitives";

/**
 * Referral letters (診療情報提供書) and their replies (返書) as FHIR R4 `document`
 * Bundles in the shape of the JP-CLINS eReferral guide (JP_Bundle_eReferral,
 * JP_Composition_eReferral): Composition first; referrer and destination
 * sections (920, 910); a structured section (300) whose sub-sections hold the
 * clinical content; attachments (210) and remarks (220).
 */

/** The endpoint that serves a referral's attachment to an authorised reader. */
export function attachmentUrl(referralId: string, attachmentId: string): string {
  return `/api/referrals/${encodeURIComponent(referralId)}/attachments/${encodeURIComponent(attachmentId)}`;
}

function byteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function encounterClassAmbulatory(): Encounter["class"] {
  return { system: CODE_SYSTEM.actCode, code: "AMB", display: "ambulatory" };
}

/** The referral itself, named by its ID: the visit the documents are about is based on it. */
function referralBasis(referralId: string): Encounter["basedOn"] {
  return [{ type: "ServiceRequest", identifier: { system: NETWORK_ID_SYSTEM.referral, value: referralId } }];
}

/** The header the letter and the reply share: an outpatient document, issued once. */
function outpatientComposition(
  fields: Omit<DocumentCompositionFields, "version" | "category" | "event"> & { eventText: string },
): Composition {
  const { eventText, ...rest } = fields;
  return documentComposition({
    ...rest,
    // The guide asks for a document version; a letter is issued once, so it is version 1.
    version: 1,
    category: { system: CODE_SYSTEM.docSubtype, code: "OUTPATIENT", display: "外来文書" },
    event: { code: [{ text: eventText }], period: { start: jstDate(fields.issuedAt) } },
  });
}

/**
 * A referral letter as a JP_Bundle_eReferral document. A draft comes out with
 * Composition.status "preliminary" and claims no profile (the guide fixes
 * status to "final").
 */
export function referralLetterBundle(doc: ReferralLetterDocument): Bundle {
  const { referrer, destination, content } = doc;
  const b = new DocumentBundleBuilder(`referral-letter/${doc.referralId}`);

  // JP-CLINS names a local patient ID by the issuing facility, so the letter
  // exports DocumentPatient.localId as the referrer's ID: the loader must pass
  // that one (the model itself leaves the facility open).
  const patient = b.add("patient", patientResource(doc.patient, referrer.facility));
  const referrerDoctor = b.add("practitioner/referrer", practitionerResource(referrer.practitioner));
  const destinationDoctor = destination.practitioner
    ? b.add("practitioner/destination", practitionerResource(destination.practitioner))
    : null;
  const referrerOrg = b.add(
    "organization/referrer",
    organizationResource(referrer.facility, referrer.department),
  );
  const destinationOrg = b.add(
    "organization/destination",
    organizationResource(destination.facility, destination.department),
  );
  const urgent = doc.priority === "urgent";
  const purpose = present(content.purpose);
  // JP-CLINS: the purpose section references the visit planned at the destination.
  const plannedVisitResource: Encounter = {
    resourceType: "Encounter",
    status: "planned",
    class: encounterClassAmbulatory(),
    priority: {
      coding: [
        {
          system: CODE_SYSTEM.actPriority,
          code: urgent ? "UR" : "R",
          display: urgent ? "urgent" : "routine",
        },
      ],
    },
    subject: patient,
    basedOn: referralBasis(doc.referralId),
    ...(purpose ? { reasonCode: [{ text: purpose }] } : {}),
    serviceProvider: destinationOrg,
  };
  const plannedVisit = b.add("encounter/planned-visit", plannedVisitResource);

  const conditions = content.diagnoses.map((d, i) =>
    b.add(`condition/${i}`, conditionResource(d, patient, "problem-list-item")),
  );
  const medications = content.medications.map((m, i) =>
    b.add(`medication/${i}`, medicationRequestResource(m, patient)),
  );
  const allergies = content.allergies.map((a, i) => b.add(`allergy/${i}`, allergyResource(a, patient)));
  const observations = content.testResults.map((r, i) =>
    b.add(`observation/${i}`, observationResource(r, patient)),
  );
  const attachments = doc.attachments.map((a) =>
    b.add(
      `attachment/${a.id}`,
      attachmentReferenceResource(a, attachmentUrl(doc.referralId, a.id), patient, referrerDoctor),
    ),
  );

  const purposeBlocks = [
    paragraph(purpose ?? NOT_WRITTEN),
    field("緊急度", urgent ? "至急" : "通常"),
    ...(doc.requestedBy ? [field("受診希望日", `${doc.requestedBy}まで`)] : []),
  ];

  const problemBlocks: Xhtml[] = [];
  if (content.diagnoses.length > 0) {
    problemBlocks.push(list(content.diagnoses.map(diagnosisLine)));
  }
  if (present(content.chiefComplaint)) problemBlocks.push(field("主訴", content.chiefComplaint));

  const allergySections: CompositionSection[] = [];
  if (content.allergies.length > 0) {
    allergySections.push(
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
    );
  } else if (content.noKnownAllergies) {
    // "None known" said on purpose; JP-CLINS: no entries, emptyReason nilknown.
    allergySections.push(
      section(SECTION.allergies, "アレルギー・不耐性反応", {
        narrative: [paragraph("アレルギー・不耐性反応なし")],
        emptyReason: "nilknown",
      }),
    );
  }

  const studyBlocks: Xhtml[] = [];
  if (content.testResults.length > 0) {
    studyBlocks.push(
      list(
        content.testResults.map(
          (r) =>
            `${r.name}：${r.value}${present(r.unit) ? ` ${r.unit}` : ""}` +
            (r.observedOn ? `（${r.observedOn}）` : ""),
        ),
      ),
    );
  }
  if (present(content.testResultsNote)) studyBlocks.push(paragraph(content.testResultsNote));

  const structured = section(SECTION.structured, "構造情報", {
    sections: [
      section(SECTION.referralPurpose, "紹介目的", { narrative: purposeBlocks, entries: [plannedVisit] }),
      problemBlocks.length > 0
        ? section(SECTION.problem, "傷病名・主訴", { narrative: problemBlocks, entries: conditions })
        : section(SECTION.problem, "傷病名・主訴", {
            narrative: [paragraph(NOT_WRITTEN)],
            emptyReason: "unavailable",
          }),
      requiredTextSection(SECTION.presentIllness, "現病歴", content.presentIllness),
      ...textSection(SECTION.pastIllness, "既往歴", content.pastHistory),
      ...allergySections,
      ...textSection(SECTION.familyHistory, "家族歴", content.familyHistory),
      ...textSection(SECTION.infection, "感染症情報", content.infections),
      ...(studyBlocks.length > 0
        ? [section(SECTION.study, "検査結果", { narrative: studyBlocks, entries: observations })]
        : []),
      ...textSection(SECTION.clinicalCourse, "臨床経過", content.courseOfTreatment),
      ...(content.medications.length > 0
        ? [
            section(SECTION.medication, "投薬指示", {
              narrative: [list(content.medications.map(medicationLine))],
              entries: medications,
            }),
          ]
        : []),
    ],
  });

  const identifierValue = documentIdentifierValue(referrer.facility.code, doc.issuedAt, doc.documentNumber);
  const composition = outpatientComposition({
    identifierValue,
    issuedAt: doc.issuedAt,
    draft: doc.draft,
    ...(doc.draft ? {} : { profile: PROFILE.eReferralComposition }),
    type: { system: CODE_SYSTEM.docType, code: "57133-1", display: "診療情報提供書" },
    title: "診療情報提供書",
    eventText: "診療情報提供書発行",
    subject: patient,
    author: [referrerDoctor, referrerOrg],
    custodian: referrerOrg,
    section: [
      section(SECTION.referralFrom, "紹介元情報", {
        narrative: partyNarrative(referrer.facility, referrer.department, referrer.practitioner),
        entries: [referrerOrg, referrerDoctor],
      }),
      section(SECTION.referralTo, "紹介先情報", {
        narrative: partyNarrative(destination.facility, destination.department, destination.practitioner),
        entries: destinationDoctor ? [destinationOrg, destinationDoctor] : [destinationOrg],
      }),
      structured,
      ...(doc.attachments.length > 0
        ? [
            section(SECTION.attachment, "添付情報", {
              narrative: [
                list(doc.attachments.map((a) => `${a.fileName}（${a.mediaType}、${byteSize(a.byteSize)}）`)),
              ],
              entries: attachments,
            }),
          ]
        : []),
      ...textSection(SECTION.remarks, "備考・連絡情報", content.remarks),
    ],
  });

  return b.bundle(composition, {
    identifierValue,
    issuedAt: doc.issuedAt,
    ...(doc.draft ? {} : { profile: PROFILE.eReferralBundle }),
  });
}

const DISPOSITION_LABEL: Record<ReferralReplyContent["disposition"], string> = {
  back_to_referrer: "貴院での継続診療をお願いいたします（逆紹介）",
  follow_up_here: "当科にて継続して診療いたします",
  admitted: "当院に入院となりました",
  other: "その他",
};

/**
 * The reply letter (返書) as a `document` Bundle built like the letter. The
 * national guide defines no reply document, so it claims no profile; its
 * type is LOINC 11488-4 "Consult note" (the consultant's report back to the
 * referrer), as 57133-1 "Referral note" would call it a new referral. The
 * section codes keep their meaning: 910 (referral destination) is the
 * hospital writing the reply, 920 (referral source) the referrer it goes to.
 */
export function referralReplyBundle(doc: ReferralReplyDocument): Bundle {
  const { author, recipient, content } = doc;
  const b = new DocumentBundleBuilder(`referral-reply/${doc.replyId}`);

  // As in the letter, a local patient ID is the issuing facility's: here the hospital's.
  const patient = b.add("patient", patientResource(doc.patient, author.facility));
  const authorDoctor = b.add("practitioner/author", practitionerResource(author.practitioner));
  const recipientDoctor = b.add("practitioner/recipient", practitionerResource(recipient.practitioner));
  const authorOrg = b.add("organization/author", organizationResource(author.facility, author.department));
  const recipientOrg = b.add("organization/recipient", organizationResource(recipient.facility, null));
  const visitResource: Encounter = {
    resourceType: "Encounter",
    status: content.visitedOn ? "finished" : "unknown",
    class: encounterClassAmbulatory(),
    subject: patient,
    basedOn: referralBasis(doc.referralId),
    ...(content.visitedOn ? { period: { start: content.visitedOn } } : {}),
    serviceProvider: authorOrg,
  };
  const visit = b.add("encounter/visit", visitResource);
  const conditions = content.diagnoses.map((d, i) =>
    b.add(`condition/${i}`, conditionResource(d, patient, "encounter-diagnosis", visit)),
  );
  const medications = content.medications.map((m, i) =>
    b.add(`medication/${i}`, medicationRequestResource(m, patient)),
  );

  const findingsBlocks = [
    ...(content.visitedOn ? [field("受診日", content.visitedOn)] : []),
    paragraph(present(content.findings) ?? NOT_WRITTEN),
  ];
  const planBlocks = [
    ...(present(content.treatmentPlan) ? [paragraph(content.treatmentPlan)] : []),
    field("今後の方針", DISPOSITION_LABEL[content.disposition]),
  ];

  const identifierValue = documentIdentifierValue(author.facility.code, doc.issuedAt, doc.documentNumber);
  const composition = outpatientComposition({
    identifierValue,
    issuedAt: doc.issuedAt,
    draft: doc.draft,
    type: { system: CODE_SYSTEM.loinc, code: "11488-4", display: "Consult note" },
    title: "診療情報提供書（返書）",
    eventText: "診療情報提供書（返書）発行",
    subject: patient,
    encounter: visit,
    author: [authorDoctor, authorOrg],
    custodian: authorOrg,
    section: [
      section(SECTION.referralTo, "紹介先（返書作成元）", {
        narrative: partyNarrative(author.facility, author.department, author.practitioner),
        entries: [authorOrg, authorDoctor],
      }),
      section(SECTION.referralFrom, "紹介元（返書宛先）", {
        narrative: partyNarrative(recipient.facility, null, recipient.practitioner),
        entries: [recipientOrg, recipientDoctor],
      }),
      section(SECTION.structured, "構造情報", {
        sections: [
          content.diagnoses.length > 0
            ? section(SECTION.problem, "傷病名", {
                narrative: [list(content.diagnoses.map(diagnosisLine))],
                entries: conditions,
              })
            : section(SECTION.problem, "傷病名", {
                narrative: [paragraph(NOT_WRITTEN)],
                emptyReason: "unavailable",
              }),
          section(SECTION.clinicalCourse, "所見・経過", { narrative: findingsBlocks }),
          section(SECTION.clinicalInstruction, "治療方針", { narrative: planBlocks }),
          ...(content.medications.length > 0
            ? [
                section(SECTION.medication, "処方", {
                  narrative: [list(content.medications.map(medicationLine))],
                  entries: medications,
                }),
              ]
            : []),
        ],
      }),
      section(SECTION.remarks, "備考", {
        narrative: [
          paragraph(
            `${japaneseDate(jstDate(doc.referralIssuedAt))}付けでご紹介いただいた患者様について、ご報告申し上げます。`,
          ),
          ...(present(content.remarks) ? [paragraph(content.remarks)] : []),
        ],
      }),
    ],
  });

  return b.bundle(composition, { identifierValue, issuedAt: doc.issuedAt });
}
