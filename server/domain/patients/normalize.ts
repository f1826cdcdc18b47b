/**
 * Search keys for Japanese names: NFKC (full-width ASCII and half-width kana
 * folded), hiragana turned into katakana, spaces of every width removed, Latin
 * lower-cased. "やまだ たろう", "ﾔﾏﾀﾞ ﾀﾛｳ" and "ヤマダタロウ" give one key.
 */
export function normalizeKana(input: string): string {
  return input
    .normalize("NFKC")
    .replace(/[\u3041-\u3096]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60))
    .replace(/[\s\u3000]+/g, "")
    .toLowerCase();
}

export function normalizeName(input: string): string {
  return input
    .normalize("NFKC")
    .replace(/[\s\u3000]+/g, "")
    .toLowerCase();
}

/** True when the text is kana only (after normalisation), i.e. a reading, not a written name. */
export function isKana(input: string): boolean {
  const n = normalizeKana(input);
  return n.length > 0 && /^[\u30a0-\u30ffー]+$/.test(n);
}

/**
 * The four search keys stored with a patient: whole name and given name, each
 * as written and as read, so "山田", "花子", "やまだ" and "はなこ" all match from
 * the start of a key through a btree prefix index.
 */
export function patientSearchKeys(name: {
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
}) {
  return {
    searchName: normalizeName(name.familyName + name.givenName),
    searchKana: normalizeKana(name.familyNameKana + name.givenNameKana),
    searchGivenName: normalizeName(name.givenName),
    searchGivenKana: normalizeKana(name.givenNameKana),
  };
}
