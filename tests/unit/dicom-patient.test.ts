import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { syntheticStudy } from "../../server/demo/pacs/synthetic-studies";
import { readDicomFile, withLocalPatientId } from "../../server/domain/readings/dicom-header";
import {
  comparePatient,
  displayPersonName,
  normaliseName,
  samePatientInHeaders,
  type DicomPatient,
  type NetworkPatient,
} from "../../server/model/dicom-patient";

const hanako: NetworkPatient = {
  familyName: "山田",
  givenName: "花子",
  familyNameKana: "ヤマダ",
  givenNameKana: "ハナコ",
  birthDate: "1948-05-12",
  localIds: [
    { facilityId: "clinic", localId: "C0042" },
    { facilityId: "hospital", localId: "H10001" },
  ],
};
type DiscOverride = Partial<Omit<DicomPatient, "name">> & { name?: Partial<DicomPatient["name"]> };
const disc = (over: DiscOverride = {}): DicomPatient => ({
  patientId: "H10001",
  birthDate: "1948-05-12",
  sex: "F",
  ...over,
  name: { alphabetic: "", ideographic: "山田^花子", phonetic: "", ...over.name },
});

describe("the disc's patient against the patient at hand", () => {
  it("matches the same ID, name and birth date, and says at which facility the ID is", () => {
    const c = comparePatient(disc(), hanako);
    assert.deepEqual(c, { matches: true, differs: [], localIdFacilityId: "hospital", nameOnlyLatin: false });
  });

  it("treats full-width and half-width, hiragana and katakana, spaces and ^ as the same", () => {
    const names: Partial<DicomPatient["name"]>[] = [
      { ideographic: "山田　花子" },
      { ideographic: "山田 花子" },
      { alphabetic: "ﾔﾏﾀﾞ^ﾊﾅｺ", ideographic: "" },
      { alphabetic: "", ideographic: "", phonetic: "やまだ^はなこ" },
      { alphabetic: "", ideographic: "", phonetic: "ヤマダ　ハナコ" },
    ];
    for (const name of names) {
      assert.equal(comparePatient(disc({ name }), hanako).matches, true, JSON.stringify(name));
    }
    assert.equal(comparePatient(disc({ patientId: "Ｈ１０００１" }), hanako).matches, true, "full-width ID");
    assert.equal(comparePatient(disc({ patientId: " C0042 " }), hanako).localIdFacilityId, "clinic");
    assert.equal(normaliseName("ﾀﾞ"), "ダ");
  });

  it("refuses each differing field by name", () => {
    assert.deepEqual(comparePatient(disc({ patientId: "H10002" }), hanako).differs, ["patientId"]);
    assert.deepEqual(
      comparePatient(disc({ patientId: "0H10001" }), hanako).differs,
      ["patientId"],
      "zeros kept",
    );
    assert.deepEqual(comparePatient(disc({ name: { ideographic: "山田^花代" } }), hanako).differs, ["name"]);
    assert.deepEqual(comparePatient(disc({ birthDate: "1948-05-21" }), hanako).differs, ["birthDate"]);
    assert.deepEqual(comparePatient(disc({ birthDate: null }), hanako).differs, ["birthDate"]);
    assert.deepEqual(comparePatient(disc({ patientId: "" }), hanako).differs, ["patientId"]);
    assert.deepEqual(
      comparePatient(
        disc({ patientId: "X", name: { ideographic: "佐藤^一郎" }, birthDate: "1950-01-01" }),
        hanako,
      ).differs,
      ["patientId", "name", "birthDate"],
    );
  });

  it("does not guess a romanisation: a name only in Latin letters is refused, and said so", () => {
    const c = comparePatient(disc({ name: { alphabetic: "YAMADA^HANAKO", ideographic: "" } }), hanako);
    assert.deepEqual(c.differs, ["name"]);
    assert.equal(c.nameOnlyLatin, true);
    assert.equal(
      comparePatient(disc({ name: { ideographic: "髙田^花子" } }), { ...hanako, familyName: "高田" }).matches,
      false,
    );
  });

  it("tells two patients in one folder apart, and one patient written alike", () => {
    assert.equal(samePatientInHeaders(disc(), disc({ name: { ideographic: "山田　花子" } })), true);
    assert.equal(samePatientInHeaders(disc(), disc({ patientId: "H2" })), false);
    assert.equal(samePatientInHeaders(disc(), disc({ birthDate: "1948-05-13" })), false);
  });

  it("shows the name with its kana", () => {
    assert.deepEqual(
      displayPersonName({ alphabetic: "YAMADA^HANAKO", ideographic: "山田^花子", phonetic: "ヤマダ^ハナコ" }),
      {
        name: "山田 花子",
        kana: "ヤマダ ハナコ",
      },
    );
  });
});

describe("reading a disc's files", () => {
  const [dx] = syntheticStudy({
    kind: "DX",
    facilityCode: "0610000001",
    localId: "H10001",
    studyDate: "20250905",
    patientName: "ヤマダ^ハナコ",
    birthDate: "19480512",
    sex: "F",
  });
  const file = dx!;

  it("reads the header of a DICOM Part 10 file", () => {
    const read = readDicomFile(file);
    assert.equal(read.kind, "image");
    if (read.kind !== "image") return;
    assert.equal(read.header.patient.patientId, "H10001");
    assert.equal(read.header.patient.name.alphabetic, "ヤマダ^ハナコ");
    assert.equal(read.header.patient.birthDate, "1948-05-12");
    assert.equal(read.header.studyDate, "2025-09-05");
    assert.equal(read.header.modality, "DX");
    assert.match(read.header.studyUid, /^2\.25\.\d+$/);
  });

  it("refuses a file that is not DICOM, and one cut short anywhere", () => {
    assert.deepEqual(readDicomFile(Buffer.from("AUTORUN.INF\r\n[autorun]\r\n".repeat(20))), {
      kind: "refused",
      reason: "not_dicom",
    });
    assert.deepEqual(readDicomFile(new Uint8Array(0)), { kind: "refused", reason: "not_dicom" });
    for (const cut of [200, 600, file.length - 1000, file.length - 2]) {
      assert.deepEqual(
        readDicomFile(file.subarray(0, cut)),
        { kind: "refused", reason: "truncated" },
        `cut at ${cut}`,
      );
    }
  });

  it("files the instance under the reading hospital's local ID, keeping the disc's ID", () => {
    const out = readDicomFile(withLocalPatientId(file, "R777", "H10001"));
    assert.equal(out.kind, "image");
    if (out.kind === "image") {
      assert.equal(out.header.patient.patientId, "R777");
      assert.equal(out.header.patient.birthDate, "1948-05-12");
    }
  });
});
