/**
 * Line breaking for Japanese text mixed with Latin words and numbers (a small part of
 * JIS X 4051 / W3C "Requirements for Japanese Text Layout"):
 * - a line may break between any two Japanese characters;
 * - a run of Latin letters, digits and ASCII symbols ("mL/min/1.73m2", "I63.9") is kept
 *   whole, unless it is longer than a whole line; lines break after spaces, which are
 *   dropped at the end of a line;
 * - kinsoku: closing brackets, 、。, small kana, the prolonged sound mark and similar
 *   never start a line; opening brackets (and 〒) never end one. Such a character stays
 *   with its neighbour, and the pair moves to the next line together (追い出し).
 * Pure: widths come from the caller's `measure`.
 */

/** The width of a piece of text in the caller's units (points at the font size in use). */
export type Measure = (text: string) => number;

/** 行頭禁則: characters that must not start a line. */
const NO_LINE_START = new Set(
  Array.from(
    "、。，．,.・：；:;！？!?‼⁇⁈⁉）)]］｝}〕〉》」』】〙〗〟’”»ヽヾゝゞ々〻ー‐゠–〜～" +
      "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ％‰℃°′″",
  ),
);

/** 行末禁則: characters that must not end a line. */
const NO_LINE_END = new Set(Array.from("（([［｛{〔〈《「『【〘〖〝‘“«〒＃＄￥"));

/** Characters that join into unbreakable words: ASCII symbols, Latin (also full-width), digits. */
const WORD_CHAR = /^[!-~\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}]$/u;

/** Marks that belong to the character before them (combining marks, variation selectors). */
const ATTACHED = /^[\p{M}\ufe00-\ufe0f\u{e0100}-\u{e01ef}]$/u;

const SPACE = " ";

/** Splits `text` into lines no wider than `maxWidth`; "\n" always breaks, an empty line stays. */
export function breakLines(text: string, maxWidth: number, measure: Measure): string[] {
  return text.split(/\r\n|\r|\n/).flatMap((paragraph) => breakParagraph(paragraph, maxWidth, measure));
}

function breakParagraph(paragraph: string, maxWidth: number, measure: Measure): string[] {
  const lines: string[] = [];
  let line = "";
  let lineWidth = 0;
  const endLine = () => {
    lines.push(line.trimEnd());
    line = "";
    lineWidth = 0;
  };
  for (const segment of segments(paragraph)) {
    // Spaces at the end of a segment may hang past the margin: they are dropped there.
    const visible = measure(segment.trimEnd());
    if (lineWidth + visible <= maxWidth) {
      line += segment;
      lineWidth += measure(segment);
      continue;
    }
    if (line !== "") endLine();
    if (visible <= maxWidth) {
      line = segment;
      lineWidth = measure(segment);
      continue;
    }
    // A segment wider than a whole line (a long URL, a run of dashes): break it by characters.
    for (const character of characters(segment)) {
      const width = measure(character);
      if (lineWidth + width > maxWidth && line.trim() !== "") endLine();
      if (line === "" && character === SPACE) continue;
      line += character;
      lineWidth += width;
    }
  }
  if (line !== "" || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

/**
 * The paragraph cut at every allowed break, so that each piece starts with a visible
 * character: Latin words whole, Japanese characters one by one, spaces trailing the
 * piece before them, kinsoku characters joined to their neighbour across spaces too
 * ("mmHg ）" does not break; UAX #14 rules for closing and opening punctuation).
 */
export function segments(paragraph: string): string[] {
  const out: string[] = [];
  let current = "";
  let lastVisible = "";
  for (const unit of wordUnits(paragraph)) {
    const mayBreak =
      lastVisible !== "" &&
      unit !== SPACE &&
      !NO_LINE_START.has(firstCharacter(unit)) &&
      !NO_LINE_END.has(lastCharacter(lastVisible));
    if (mayBreak) {
      out.push(current);
      current = "";
    }
    current += unit;
    if (unit !== SPACE) lastVisible = unit;
  }
  if (current !== "") out.push(current);
  return out;
}

/** Characters (code points with their attached marks), and runs of word characters as one unit. */
function wordUnits(paragraph: string): string[] {
  const units: string[] = [];
  let inWord = false;
  for (const character of characters(paragraph)) {
    const isWord = WORD_CHAR.test(firstCharacter(character));
    if (isWord && inWord) units[units.length - 1] += character;
    else units.push(character);
    inWord = isWord;
  }
  return units;
}

/** Code points, with combining marks and variation selectors kept on the character before them. */
function characters(text: string): string[] {
  const out: string[] = [];
  for (const codePoint of text) {
    if (ATTACHED.test(codePoint) && out.length > 0) out[out.length - 1] += codePoint;
    else out.push(codePoint);
  }
  return out;
}

function firstCharacter(text: string): string {
  return String.fromCodePoint(text.codePointAt(0) ?? 0);
}

function lastCharacter(text: string): string {
  const all = Array.from(text);
  return all[all.length - 1] ?? "";
}
