import { z } from "zod";
import { singleLineText } from "../../model/text";
import { msg } from "../../errors";

const patientId = z.uuid(msg("patients.invalidPatientId"));
const facilityId = z.uuid(msg("records.invalidFacilityId"));
/** DICOM UIDs: digits and dots, at most 64 characters (PS3.5 9.1) */
const uid = (field: string) =>
  z
    .string()
    .regex(/^[0-9]+(\.[0-9]+)*$/, msg("images.invalid", { field }))
    .max(64, msg("images.tooLong", { field }));
/** the study's signature, issued when the study was listed for this patient at this facility */
const sig = singleLineText().regex(/^[A-Za-z0-9_-]{43}$/, msg("images.invalidStudySignature"));

export const PatientImagesInput = z.object({ patientId });

export const ImagingStudyInput = z.object({ patientId, facilityId, studyUid: uid("StudyInstanceUID"), sig });

export const ImagingSeriesInput = ImagingStudyInput.extend({ seriesUid: uid("SeriesInstanceUID") });

export const ImagingFrameInput = ImagingSeriesInput.extend({
  instanceUid: uid("SOPInstanceUID"),
  frame: z.coerce.number().int(msg("images.invalidFrameNumber")).min(1).max(10_000),
});

export type ImagingStudyInput = z.infer<typeof ImagingStudyInput>;
