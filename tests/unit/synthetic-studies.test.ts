import assert from "node:assert/strict";
import { describe, it } from "node:test";
import dcmjs from "dcmjs";
import { studyUidOf, syntheticStudy } from "../../server/demo/pacs/synthetic-studies";

const read = (file: Buffer) => {
  const { meta, dict } = dcmjs.data.DicomMessage.readFile(
    file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer,
  );
  return {
    meta: dcmjs.data.DicomMetaDictionary.naturalizeDataset(meta),
    data: dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict),
  };
};

describe("synthetic studies (DICOM Part 10 written by dcmjs)", () => {
  const input = {
    facilityCode: "0610000001",
    localId: "H10001",
    studyDate: "20260310",
    patientName: "ヤマダ^ハナコ",
  };

  it("writes a CT series a DICOM reader takes back: the local ID in PatientID, HU by rescale, slices in order", () => {
    const files = [...syntheticStudy({ kind: "CT", ...input, slices: 5, size: 64 })];
    assert.equal(files.length, 5);
    assert.equal(files[0]!.subarray(128, 132).toString("latin1"), "DICM");
    const slices = files.map(read);
    const first = slices[0]!;
    assert.equal(first.meta.TransferSyntaxUID, "1.2.840.10008.1.2.1");
    assert.equal(first.data.PatientID, "H10001");
    assert.equal(first.data.Modality, "CT");
    assert.equal(first.data.StudyInstanceUID, studyUidOf({ kind: "CT", ...input }));
    assert.equal(first.data.Rows, 64);
    assert.equal(Number(first.data.RescaleIntercept), -1024);
    assert.equal(new Set(slices.map((s) => s.data.SOPInstanceUID)).size, 5);
    assert.equal(new Set(slices.map((s) => s.data.SeriesInstanceUID)).size, 1);
    const z = slices.map((s) => (s.data.ImagePositionPatient as number[])[2]);
    assert.deepEqual(
      z,
      [...z].sort((a, b) => a! - b!),
    );
    const pixels = new Uint16Array((first.data.PixelData as ArrayBuffer[])[0]!);
    assert.equal(pixels.length, 64 * 64);
    // air outside the body (about -1000 HU, stored about 24) and tissue inside (above 900 stored)
    assert.ok(pixels[0]! < 100, `corner ${pixels[0]}`);
    assert.ok(pixels[32 * 64 + 32]! > 900, `centre ${pixels[32 * 64 + 32]}`);
  });

  it("is the same every time for the same patient, and differs for another", () => {
    const a = [...syntheticStudy({ kind: "DX", ...input })][0]!;
    const b = [...syntheticStudy({ kind: "DX", ...input })][0]!;
    const c = [...syntheticStudy({ kind: "DX", ...input, localId: "H20001" })][0]!;
    assert.deepEqual(a, b);
    assert.notEqual(read(c).data.StudyInstanceUID, read(a).data.StudyInstanceUID);
    assert.equal(read(a).data.Modality, "DX");
  });

  it("writes an MR series of the head", () => {
    const files = [...syntheticStudy({ kind: "MR", ...input, slices: 3, size: 32 })];
    assert.equal(files.length, 3);
    assert.equal(read(files[1]!).data.Modality, "MR");
  });
});
