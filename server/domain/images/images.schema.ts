import { z } from "zod";
import { singleLineText } from "../../model/text";

const patientId = z.uuid("患者IDが不正です / Invalid patient id");
const facilityId = z.uuid("施設IDが不正です / Invalid facility id");
/** DICOM UIDs: digits and dots, at most 64 characters (PS3.5 9.1) */
const uid = (field: string) =>
  z
    .string()
    .regex(/^[0-9]+(\.[0-9]+)*$/, `${field}が不正です / Invalid ${field}`)
    .max(64, `${field}が長すぎます / ${field} is too long`);
/** the study's signature, issued when the study was listed for this patient at this facility */
const sig = singleLineText().regex(/^[A-Za-z0-9_-]{43}$/, "署名が不正です / Invalid study signature");

export const PatientImagesInput = z.object({ patientId });

export const ImagingStudyInput = z.object({ patientId, facilityId, studyUid: uid("StudyInstanceUID"), sig });

export const ImagingSeriesInput = ImagingStudyInput.extend({ seriesUid: uid("SeriesInstanceUID") });

export const ImagingFrameInput = ImagingSeriesInput.extend({
  instanceUid: uid("SOPInstanceUID"),
  frame: z.coerce.number().int("フレーム番号が不正です / Invalid frame number").min(1).max(10_000),
});

export type ImagingStudyInput = z.infer<typeof ImagingStudyInput>;
