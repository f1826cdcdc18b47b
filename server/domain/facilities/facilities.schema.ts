import { z } from "zod";
import { plainText, singleLineText } from "../../model/text";
import { FACILITY_KINDS } from "../../model/facility-kinds";
import { msg } from "../../errors";

const facilityFields = {
  code: singleLineText()
    .trim()
    .regex(/^\d{10}$/, msg("facilities.facilityCode10Digits")),
  name: singleLineText().trim().min(1, msg("facilities.enterFacilityName")).max(100),
  nameKana: singleLineText()
    .trim()
    .min(1, msg("facilities.enterReading"))
    .max(200)
    .regex(/^[\u30a0-\u30ff\u3000\s・ー（）()]+$/, msg("practitioners.useKatakana")),
  kind: z.enum(FACILITY_KINDS),
  role: z.enum(["disclosing", "viewing"]),
  bedCount: z.coerce.number().int().min(0, msg("facilities.n0More")).max(5000),
  address: singleLineText().trim().max(200).default(""),
  phone: singleLineText()
    .trim()
    .regex(/^[0-9-]{0,20}$/, msg("patients.digitsHyphensOnly"))
    .optional(),
  recordSystemUrl: z
    .union([z.literal(""), z.url({ protocol: /^https?$/, message: msg("facilities.httpSURL") })])
    .optional(),
};

export const FacilityInput = z.object({
  ...facilityFields,
  address: facilityFields.address.default(""),
  phone: facilityFields.phone.default(""),
  recordSystemUrl: facilityFields.recordSystemUrl.default(""),
});

/** Only the fields sent are changed: no defaults here, or a partial update would blank the rest. */
export const UpdateFacilityInput = z.object(facilityFields).partial().extend({
  facilityId: z.uuid(),
  active: z.boolean().optional(),
});

export const DepartmentInput = z.object({
  facilityId: z.uuid(),
  name: singleLineText().trim().min(1, msg("facilities.enterDepartmentName")).max(60),
  acceptsReferrals: z.boolean().default(false),
  referralNotes: plainText().trim().max(1000).default(""),
});
