import type { MessageKey } from "./index";

/** The domain's messages in English, one for each key of the Japanese catalog. */
export const en = {
  "common.notFound": "Not found",
  "common.somethingWentWrong": "Something went wrong",
  "validation.checkTheFields": "Some fields need correcting",
  "validation.invalidValue": "Check this value",
} as const satisfies Record<MessageKey, string>;
