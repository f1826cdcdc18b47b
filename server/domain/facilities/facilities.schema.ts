import { z } from "zod";
import { plainText, singleLineText } from "../../model/text";
import { facilityKind } from "../../db/schema/facilities";

export const FACILITY_KINDS = facilityKind.enumValues;

const facilityFields = {
  code: singleLineText()
    .trim()
    .regex(/^\d{10}$/, "医療機関コードは10桁の数字です / The facility code is 10 digits"),
  name: singleLineText().trim().min(1, "施設名を入力してください / Enter the facility name").max(100),
  nameKana: singleLineText()
    .trim()
    .min(1, "施設名（カナ）を入力してください / Enter the reading")
    .max(200)
    .regex(/^[\u30a0-\u30ff\u3000\s・ー（）()]+$/, "カタカナで入力してください / Use katakana"),
  kind: z.enum(FACILITY_KINDS),
  role: z.enum(["disclosing", "viewing"]),
  bedCount: z.coerce.number().int().min(0, "0以上 / 0 or more").max(5000),
  address: singleLineText().trim().max(200).default(""),
  phone: singleLineText()
    .trim()
    .regex(/^[0-9-]{0,20}$/, "数字とハイフンで入力してください / Digits and hyphens only")
    .optional(),
  recordSystemUrl: z
    .union([
      z.literal(""),
      z.url({ protocol: /^https?$/, message: "http(s):// で始まるURL / An http(s) URL" }),
    ])
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
  name: singleLineText().trim().min(1, "診療科名を入力してください / Enter the department name").max(60),
  acceptsReferrals: z.boolean().default(false),
  referralNotes: plainText().trim().max(1000).default(""),
});
