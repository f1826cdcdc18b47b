import { z } from "zod";

export const PatientSearchInput = z.object({
  q: z
    .string()
    .trim()
    .min(1, "検索語を入力してください / Enter a name, reading or ID")
    .max(64, "検索語が長すぎます / Search text too long"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type PatientSearchInput = z.input<typeof PatientSearchInput>;

export const PatientIdInput = z.object({ patientId: z.uuid("患者IDが不正です / Invalid patient id") });
