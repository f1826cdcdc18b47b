import { Readable } from "node:stream";
import { crc32 } from "node:zlib";

/**
 * A valid greyscale PNG of about `targetBytes`, generated row by row while it is
 * read (nothing held in memory but one chunk): deflate "stored" blocks, so the
 * size is exact and known before the first byte (Content-Length). The picture
 * is a synthetic axial slice: an ellipse of skull, grey matter, darker ventricles.
 */
export function syntheticPng(targetBytes: number, seed = 1): { size: number; stream: Readable } {
  // the pixel data is most of the file: width x height bytes plus a filter byte per row
  const side = Math.max(16, Math.floor(Math.sqrt(Math.max(0, targetBytes - 200))));
  const width = side;
  const height = side;
  const rawLength = height * (width + 1);
  const blocks = Math.ceil(rawLength / MAX_BLOCK);
  const size = 8 + chunkSize(13) + blocks * 12 + 2 + rawLength + blocks * 5 + 4 + chunkSize(0);

  const rows = rowSource(width, height, seed);
  let adlerA = 1;
  let adlerB = 0;
  let block = 0;
  let stage: "signature" | "data" | "end" | "done" = "signature";

  const stream = new Readable({
    read() {
      if (stage === "signature") {
        const ihdr = Buffer.alloc(13);
        ihdr.writeUInt32BE(width, 0);
        ihdr.writeUInt32BE(height, 4);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 0; // greyscale
        this.push(Buffer.concat([SIGNATURE, chunk("IHDR", ihdr)]));
        stage = "data";
        return;
      }
      if (stage === "data") {
        const length = Math.min(MAX_BLOCK, rawLength - block * MAX_BLOCK);
        const last = block === blocks - 1;
        const head = block === 0 ? 2 : 0;
        const data = Buffer.alloc(head + 5 + length + (last ? 4 : 0));
        if (block === 0) {
          data[0] = 0x78; // zlib: deflate, 32K window
          data[1] = 0x01;
        }
        data[head] = last ? 1 : 0; // BFINAL, BTYPE=00 (stored)
        data.writeUInt16LE(length, head + 1);
        data.writeUInt16LE(~length & 0xffff, head + 3);
        const raw = data.subarray(head + 5, head + 5 + length);
        rows.fill(raw);
        // Adler-32 of the uncompressed data, in runs short enough not to overflow
        for (let i = 0; i < raw.length;) {
          const end = Math.min(raw.length, i + 3800);
          for (; i < end; i++) {
            adlerA += raw[i]!;
            adlerB += adlerA;
          }
          adlerA %= 65521;
          adlerB %= 65521;
        }
        if (last) data.writeUInt32BE(((adlerB << 16) | adlerA) >>> 0, data.length - 4);
        block++;
        if (last) stage = "end";
        this.push(chunk("IDAT", data));
        return;
      }
      if (stage === "end") {
        this.push(chunk("IEND", Buffer.alloc(0)));
        stage = "done";
        return;
      }
      this.push(null);
    },
  });
  return { size, stream };
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_BLOCK = 65_535;

const chunkSize = (dataLength: number) => 12 + dataLength;

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** The filtered image rows (filter byte 0, then the pixels) as one continuous byte source. */
function rowSource(width: number, height: number, seed: number) {
  const row = Buffer.alloc(width + 1);
  let y = 0;
  let at = row.length; // nothing of the current row left
  const cx = width / 2;
  const cy = height / 2;
  const rx = width * 0.4;
  const ry = height * 0.46;
  const shade = 90 + (seed % 40);
  const makeRow = () => {
    row.fill(0);
    const dy = (y - cy) / ry;
    if (Math.abs(dy) < 1) {
      const half = rx * Math.sqrt(1 - dy * dy);
      const left = Math.max(0, Math.floor(cx - half));
      const right = Math.min(width, Math.ceil(cx + half));
      const skull = Math.max(2, Math.round(width * 0.02));
      row.fill(225, 1 + left, 1 + right);
      row.fill(
        shade + Math.round(20 * Math.sin(y / 37)),
        1 + left + skull,
        1 + Math.max(left + skull, right - skull),
      );
      const vy = (y - cy) / (ry * 0.3);
      if (Math.abs(vy) < 1) {
        const vHalf = rx * 0.12 * Math.sqrt(1 - vy * vy);
        for (const side of [-1, 1]) {
          const c = cx + side * rx * 0.18;
          row.fill(35, 1 + Math.floor(c - vHalf), 1 + Math.ceil(c + vHalf));
        }
      }
    }
    y++;
    at = 0;
  };
  return {
    fill(target: Buffer) {
      let written = 0;
      while (written < target.length) {
        if (at >= row.length) {
          if (y >= height) throw new Error("png: more pixel data asked for than the image has");
          makeRow();
        }
        const n = Math.min(row.length - at, target.length - written);
        row.copy(target, written, at, at + n);
        at += n;
        written += n;
      }
    },
  };
}
