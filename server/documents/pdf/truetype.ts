/**
 * Reading and writing TrueType (sfnt) files at the level of their tables: what
 * japanese-font.ts rewrites of the font it embeds and of every subset of it.
 */

export interface TableRecord {
  tag: string;
  offset: number;
  length: number;
}

/** The table directory of a TrueType font. */
export function readTables(font: Uint8Array): Map<string, TableRecord> {
  const view = viewOf(font);
  const tables = new Map<string, TableRecord>();
  for (let i = 0; i < view.getUint16(4); i++) {
    const at = 12 + 16 * i;
    const tag = String.fromCharCode(...font.subarray(at, at + 4));
    tables.set(tag, { tag, offset: view.getUint32(at + 8), length: view.getUint32(at + 12) });
  }
  return tables;
}

/** One table's record; a font without it is refused by name. */
export function tableOf(tables: Map<string, TableRecord>, tag: string): TableRecord {
  const record = tables.get(tag);
  if (!record) throw new Error(`TrueType font without a '${tag}' table`);
  return record;
}

/**
 * A font file of these tables, in tag order after the directory, each on a 4-byte
 * boundary, with fresh checksums and head.checkSumAdjustment. The 12-byte header
 * (sfnt version, table count and search fields) is `header`'s: the tables must be the
 * same in number.
 */
export function writeSfnt(header: Uint8Array, data: Map<string, Uint8Array>): Uint8Array {
  const tags = [...data.keys()].sort();
  const directoryLength = 12 + 16 * tags.length;
  let total = directoryLength;
  for (const tag of tags) total += pad4(data.get(tag)!.length);
  const out = new Uint8Array(total);
  const view = viewOf(out);
  out.set(header.subarray(0, 12));
  let offset = directoryLength;
  let headOffset = -1;
  tags.forEach((tag, i) => {
    // A copy of head: its checkSumAdjustment is zero while the checksums are summed.
    const bytes = tag === "head" ? new Uint8Array(data.get(tag)!) : data.get(tag)!;
    if (tag === "head") viewOf(bytes).setUint32(8, 0);
    const at = 12 + 16 * i;
    for (let k = 0; k < 4; k++) out[at + k] = tag.charCodeAt(k);
    view.setUint32(at + 4, checksum(bytes));
    view.setUint32(at + 8, offset);
    view.setUint32(at + 12, bytes.length);
    out.set(bytes, offset);
    if (tag === "head") headOffset = offset;
    offset += pad4(bytes.length);
  });
  if (headOffset < 0) throw new Error("TrueType font without a 'head' table");
  view.setUint32(headOffset + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}

/** Each table's bytes, by tag (views into `font`). */
export function tableData(font: Uint8Array, tables: Map<string, TableRecord>): Map<string, Uint8Array> {
  const data = new Map<string, Uint8Array>();
  for (const record of tables.values()) {
    data.set(record.tag, font.subarray(record.offset, record.offset + record.length));
  }
  return data;
}

/**
 * A TrueType subset with its `loca` in the short format wherever the format allows it
 * (every glyph offset even and at most 128 KiB), not from 64 KiB on as fontkit's
 * subsetter writes it: 2 bytes a glyph instead of 4, about 450 bytes of a 3-page
 * letter's 360 glyphs once deflated. The glyph data is untouched; a font whose offsets
 * cannot be halved exactly is returned as it is.
 */
export function shortenLoca(font: Uint8Array): Uint8Array {
  const tables = readTables(font);
  const view = viewOf(font);
  const head = tableOf(tables, "head");
  const loca = tableOf(tables, "loca");
  if (view.getInt16(head.offset + 50) !== 1) return font;
  const numGlyphs = view.getUint16(tableOf(tables, "maxp").offset + 4);
  if (loca.length < 4 * (numGlyphs + 1))
    throw new Error("TrueType font with a 'loca' shorter than its glyphs");
  const newLoca = new Uint8Array(2 * (numGlyphs + 1));
  const locaView = viewOf(newLoca);
  for (let id = 0; id <= numGlyphs; id++) {
    const offset = view.getUint32(loca.offset + 4 * id);
    if (offset % 2 !== 0 || offset / 2 > 0xffff) return font;
    locaView.setUint16(2 * id, offset / 2);
  }
  const newHead = new Uint8Array(font.subarray(head.offset, head.offset + head.length));
  viewOf(newHead).setInt16(50, 0); // indexToLocFormat: short

  const data = tableData(font, tables);
  data.set("loca", newLoca);
  data.set("head", newHead);
  return writeSfnt(font, data);
}

function pad4(length: number): number {
  return (length + 3) & ~3;
}

export function pad2(length: number): number {
  return (length + 1) & ~1;
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The OpenType table checksum: the sum of big-endian uint32s, the tail zero-padded. */
export function checksum(bytes: Uint8Array): number {
  let sum = 0;
  const whole = bytes.length & ~3;
  const view = viewOf(bytes);
  for (let i = 0; i < whole; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  if (whole < bytes.length) {
    let tail = 0;
    for (let k = 0; k < 4; k++) tail = (tail << 8) | (bytes[whole + k] ?? 0);
    sum = (sum + (tail >>> 0)) >>> 0;
  }
  return sum;
}
