/**
 * The domain's messages in Japanese: the source of the keys (MessageKey). The
 * English catalog must have exactly these keys (en.ts), or tsc fails.
 * Placeholders are {name}; the domain passes their values as params.
 * Written by the i18n codemod as well as by hand: one "key": "text" a line.
 */
export const ja = {
  "common.notFound": "見つかりません",
  "common.somethingWentWrong": "処理できませんでした",
  "validation.checkTheFields": "入力内容に誤りがあります",
  "validation.invalidValue": "入力内容を確認してください",
} as const;
