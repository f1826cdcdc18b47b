import { z } from "zod";
import { plainText } from "../../model/text";
import {
  KeyImageMark,
  ReadingReportContent,
  ReadingRequestContent,
  ReadingStudyLabel,
} from "../../model/reading-report";
import { msg } from "../../errors";

const readingId = z.uuid(msg("readings.invalidReadingId"));
const revision = z.coerce
  .number(msg("readings.revisionMissing"))
  .int()
  .min(1, msg("readings.invalidRevision"));
const note = (max: number) =>
  plainText().trim().max(max, msg("readings.mostCharacters", { max })).default("");

/** DICOM UIDs: digits and dots, at most 64 characters (PS3.5 9.1) */
const studyUid = z
  .string(msg("readings.chooseStudy"))
  .regex(/^[0-9]+(\.[0-9]+)*$/, msg("readings.chooseStudy"))
  .max(64, msg("readings.chooseStudy"));

/** 読影依頼: the patient, the study (as the image list signed it), the reading hospital, the question. */
export const RequestReadingInput = ReadingRequestContent.extend({
  patientId: z.uuid(msg("referrals.choosePatient")),
  readingFacilityId: z.uuid(msg("readings.chooseReadingFacility")),
  study: z.object({
    facilityId: z.uuid(msg("readings.chooseStudy")),
    studyUid,
    /** the signature the image list gave the study (server/domain/images/imaging-sources.ts) */
    sig: z.string(msg("readings.chooseStudy")).regex(/^[A-Za-z0-9_-]{43}$/, msg("readings.chooseStudy")),
    label: ReadingStudyLabel.default({ date: null, modalities: [], description: "" }),
  }),
});

export const ReadingCommandInput = z.object({ readingId, revision });

export const CloseReadingInput = ReadingCommandInput.extend({
  /** why it is declined or cancelled */
  note: plainText(msg("readings.sayWhy"))
    .trim()
    .min(1, msg("readings.sayWhy"))
    .max(1000, msg("readings.mostCharacters", { max: 1000 })),
});

export const SaveReadingDraftInput = ReadingCommandInput.extend({
  content: ReadingReportContent,
  amendmentNote: note(1000),
});

export const AcknowledgeReadingInput = z.object({
  readingId,
  version: z.coerce.number().int().min(1, msg("readings.invalidVersion")),
});

export const ReadingListQuery = z.object({
  /** reading: requests to this facility's radiology; requested: what this facility asked */
  box: z.enum(["reading", "requested"]).default("reading"),
  /** waiting (requested), in_progress (accepted), reported (reported, acknowledged), overdue, all */
  filter: z.enum(["waiting", "in_progress", "reported", "overdue", "all"]).default("all"),
});

/** Which report version a reader asks for in a URL; absent: the latest signed one. */
export const ReadingVersionQuery = z.object({
  version: z.coerce
    .number(msg("readings.invalidVersion"))
    .int(msg("readings.invalidVersion"))
    .min(1, msg("readings.invalidVersion"))
    .optional(),
});

/** キー画像の登録: the frame on screen in the reading's viewer, its window, a note. */
export const MarkKeyImageInput = KeyImageMark.extend({ readingId });

export const RemoveKeyImageInput = z.object({
  readingId,
  keyImageId: z.uuid(msg("readings.invalidKeyImageId")),
});

const uploadId = z.uuid(msg("readings.uploadNotFound"));

/** 読影依頼（CD/DVD から取り込む）: the disc's size and file count, declared before a byte is sent. */
export const StartReadingUploadInput = z.object({
  patientId: z.uuid(msg("referrals.choosePatient")),
  totalBytes: z.coerce.number().int().min(1, msg("readings.chooseDiscFiles")),
  fileCount: z.coerce
    .number()
    .int()
    .min(1, msg("readings.chooseDiscFiles"))
    .max(20_000, msg("readings.tooManyDiscFiles", { max: 20_000 })),
});

/** One file of the disc: its place in the upload, its path on the disc, its declared length. */
export const ReadingUploadFileInput = z.object({
  uploadId,
  index: z.coerce.number().int().min(0, msg("readings.invalidUploadFile")),
  name: plainText()
    .trim()
    .min(1, msg("readings.invalidUploadFile"))
    .max(300, msg("readings.invalidUploadFile")),
  contentLength: z.coerce
    .number(msg("readings.invalidUploadFile"))
    .int()
    .min(0, msg("readings.invalidUploadFile")),
});

export const CheckReadingUploadInput = z.object({ uploadId });

/** The request for a study of the uploaded disc, after the uploader confirmed the patient. */
export const RequestReadingFromUploadInput = ReadingRequestContent.extend({
  uploadId,
  readingFacilityId: z.uuid(msg("readings.chooseReadingFacility")),
  studyUid,
  confirmed: z.literal(true, msg("readings.confirmDiscPatient")),
});
