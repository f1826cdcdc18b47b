/**
 * The media type of a file from its first bytes, never from its name or the type
 * the browser claims: a renamed executable is not a PDF.
 */
export type SniffedType = "application/pdf" | "image/jpeg" | "image/png" | "image/webp" | "application/dicom";

export function sniffMediaType(bytes: Uint8Array): SniffedType | null {
  const starts = (sig: number[], offset = 0) => sig.every((b, i) => bytes[offset + i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf"; // %PDF-
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  // RIFF....WEBP
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  if (bytes.length > 132 && starts([0x44, 0x49, 0x43, 0x4d], 128)) return "application/dicom"; // "DICM" after the preamble
  return null;
}
