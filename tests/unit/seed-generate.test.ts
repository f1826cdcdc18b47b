import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { before, describe, it } from "node:test";
import { DEMO_FACILITIES, DEMO_PATIENTS, DEMO_USERS } from "../../server/demo/seed/cast";
import {
  FIRST_CONSENT_DAY,
  LAST_CONSENT_DAY,
  REFERENCE_NETWORK,
  networkSize,
  type DemoNetwork,
} from "../../server/demo/seed/network";
import { generateDemoNetwork } from "../../server/demo/seed/generate";
import { SeededRandom } from "../../server/demo/seed/random";
import { isKana, normalizeKana, normalizeName } from "../../server/domain/patients/normalize";
import { formatRegionalId, isValidRegionalId } from "../../server/domain/patients/regional-id";

const credentials = { passwordHash: "scrypt$test", totpSecret: "KVKFKRCPNZQUYMLXOVYDSQKJKZDTSRLD" };
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const KATAKANA_WITH_SPACES = /^[\u30a0-\u30ffー\s]+$/;

/** One digest per table, so two networks compare quickly and a failure names the table. */
function digests(network: DemoNetwork): Record<string, string> {
  const tables = {
    facilities: network.facilities,
    departments: network.departments,
    practitioners: network.practitioners,
    attachments: network.attachments,
    patients: network.patients,
    consents: network.consents,
    consentEvents: network.consentEvents,
    consentScope: network.consentScope,
    patientLocalIds: network.patientLocalIds,
  };
  return Object.fromEntries(
    Object.entries(tables).map(([name, rows]) => [
      name,
      createHash("sha256").update(JSON.stringify(rows)).digest("hex"),
    ]),
  );
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

describe("seeded random numbers", () => {
  it("repeats its sequence for a seed and draws valid v4 UUIDs", () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const draws = Array.from({ length: 100 }, () => a.uint32());
    assert.deepEqual(
      Array.from({ length: 100 }, () => b.uint32()),
      draws,
    );
    assert.notDeepEqual(
      Array.from({ length: 100 }, () => new SeededRandom(43).uint32()),
      draws,
    );
    const rng = new SeededRandom(7);
    for (let i = 0; i < 200; i++) assert.match(rng.uuid(), UUID_V4);
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(3, 5);
      assert.ok(n >= 3 && n <= 5 && Number.isInteger(n));
    }
  });
});

describe("demo network generator", () => {
  let network: DemoNetwork;
  before(() => {
    network = generateDemoNetwork(credentials);
  });

  it("has the reference network's size at scale 1", () => {
    assert.deepEqual(networkSize(1), REFERENCE_NETWORK);
    assert.deepEqual(
      countBy(network.facilities, (f) => f.kind),
      {
        hospital: 17,
        medical_clinic: 59,
        dental_clinic: 6,
        pharmacy: 9,
        care_facility: 9,
        visiting_nurse_station: 2,
        other: 3,
      },
    );
    assert.equal(network.patients.length, 18_221);
    assert.equal(network.attachments.length, 17);
    const others = network.facilities.filter((f) => f.kind === "other").map((f) => f.name);
    assert.equal(others[0], "置賜地域医療情報ネットワーク協議会事務局");
    const stations = network.facilities.filter((f) => f.kind === "visiting_nurse_station");
    assert.equal(stations.length, 2);
    assert.ok(stations.every((f) => f.name.includes("訪問看護ステーション")));
    assert.equal(others.filter((n) => n.includes("訪問看護ステーション")).length, 0);
    assert.equal(others.filter((n) => n.includes("地域包括支援センター")).length, 1);
    assert.equal(others.filter((n) => n.includes("医師会")).length, 1);
  });

  it("multiplies facilities and patients by the scale, rounded", () => {
    const half = generateDemoNetwork({ ...credentials, scale: 0.5 });
    assert.deepEqual(
      countBy(half.facilities, (f) => f.kind),
      {
        hospital: 9,
        medical_clinic: 30,
        dental_clinic: 3,
        pharmacy: 5,
        care_facility: 5,
        visiting_nurse_station: 2,
        other: 1,
      },
    );
    assert.equal(half.patients.length, 9_111);
    const tiny = generateDemoNetwork({ ...credentials, scale: 0.001 });
    assert.equal(tiny.facilities.length, 2 + 1 + 1 + 1 + 1 + 2, "every demo facility survives any scale");
    assert.throws(() => networkSize(0), RangeError);
    assert.throws(() => networkSize(Number.NaN), RangeError);
  });

  it("gives identical rows for one seed and different rows for another", () => {
    // A fifth of the network keeps this quick; the draws are the same code path.
    const first = digests(generateDemoNetwork({ ...credentials, scale: 0.2 }));
    assert.deepEqual(digests(generateDemoNetwork({ ...credentials, scale: 0.2 })), first);
    const other = digests(generateDemoNetwork({ ...credentials, scale: 0.2, seed: 7 }));
    for (const [table, digest] of Object.entries(first)) {
      assert.notEqual(other[table], digest, `${table} should differ with another seed`);
    }
  });

  it("makes plausible facilities with unique 10-digit codes", () => {
    const prefix: Record<string, RegExp> = {
      hospital: /^061\d{7}$/,
      medical_clinic: /^061\d{7}$/,
      dental_clinic: /^063\d{7}$/,
      pharmacy: /^064\d{7}$/,
      care_facility: /^06\d{8}$/,
      visiting_nurse_station: /^066\d{7}$/,
      other: /^06\d{8}$/,
    };
    for (const f of network.facilities) assert.match(f.code, prefix[f.kind]!, f.name);
    assert.equal(new Set(network.facilities.map((f) => f.code)).size, network.facilities.length);
    assert.equal(new Set(network.facilities.map((f) => f.name)).size, network.facilities.length);
    for (const f of network.facilities) {
      assert.match(f.phone ?? "", /^0238-\d{2}-\d{4}$/);
      assert.match(
        f.address ?? "",
        /^山形県(東置賜郡|西置賜郡)?(米沢市|長井市|南陽市|高畠町|川西町|小国町|白鷹町|飯豊町)/,
      );
      if (f.kind === "hospital") {
        assert.equal(f.role, "disclosing");
        assert.ok(f.bedCount! >= 50 && f.bedCount! <= 600, `${f.name} beds ${f.bedCount}`);
        assert.equal(
          f.recordSystemUrl,
          `http://127.0.0.1:4010/facilities/${f.code}/viewer?patient={localId}`,
        );
        assert.equal(f.recordFhirBaseUrl, `http://127.0.0.1:4010/facilities/${f.code}/fhir`);
      } else if (f.id === network.demoFacilityIds.pharmacy) {
        // the demo pharmacy views, and publishes its dispensing results (調剤結果)
        assert.equal(f.role, "viewing");
        assert.equal(f.recordFhirBaseUrl, `http://127.0.0.1:4010/facilities/${f.code}/fhir`);
      } else {
        assert.equal(f.role, "viewing");
        assert.equal(f.recordSystemUrl, "");
        assert.equal(f.recordFhirBaseUrl, "");
        assert.ok(f.bedCount! <= (f.kind === "medical_clinic" ? 19 : 0), f.name);
      }
    }
    const hospitals = network.facilities.filter((f) => f.kind === "hospital");
    assert.equal(hospitals[0]!.name, DEMO_FACILITIES.demoHospital.name);
    assert.equal(Math.max(...hospitals.map((h) => h.bedCount!)), hospitals[0]!.bedCount);
  });

  it("gives hospitals several departments and clinics one or two", () => {
    const byFacility = new Map<string, string[]>();
    for (const d of network.departments)
      byFacility.set(d.facilityId, [...(byFacility.get(d.facilityId) ?? []), d.name]);
    const { demoHospital, rehabHospital } = network.demoFacilityIds;
    assert.ok(byFacility.get(demoHospital)!.includes("脳神経外科"));
    assert.ok(byFacility.get(demoHospital)!.includes("整形外科"));
    assert.ok(byFacility.get(rehabHospital)!.includes("リハビリテーション科"));
    for (const f of network.facilities) {
      const names = byFacility.get(f.id) ?? [];
      assert.equal(new Set(names).size, names.length, `${f.name} repeats a department`);
      if (f.kind === "hospital") assert.ok(names.length >= 4, f.name);
      if (f.kind === "medical_clinic") assert.ok(names.length >= 1 && names.length <= 2, f.name);
    }
    const hospitalIds = new Set(network.facilities.filter((f) => f.kind === "hospital").map((f) => f.id));
    const hospitalDepartments = network.departments.filter((d) => hospitalIds.has(d.facilityId));
    const accepting = hospitalDepartments.filter((d) => d.acceptsReferrals);
    assert.ok(accepting.length > hospitalDepartments.length * 0.7);
    for (const d of accepting) assert.ok(d.referralNotes!.length > 0);
  });

  it("staffs every facility, with the demo users where the README says", () => {
    const staff = countBy(
      network.practitioners.filter((p) => /^p\d{5}$/.test(p.loginId)),
      (p) => p.facilityId,
    );
    for (const f of network.facilities) {
      const n = staff[f.id] ?? 0;
      assert.ok(n >= 2 && n <= 8, `${f.name} has ${n} practitioners`);
      const first = network.practitioners.find((p) => p.facilityId === f.id)!;
      assert.ok(first.roles!.includes("facility_admin"), `${f.name}'s first practitioner administers it`);
    }
    assert.equal(new Set(network.practitioners.map((p) => p.loginId)).size, network.practitioners.length);
    for (const u of DEMO_USERS) {
      const p = network.practitioners.find((row) => row.loginId === u.loginId)!;
      assert.ok(p, u.loginId);
      assert.equal(p.facilityId, network.demoFacilityIds[u.facility]);
      assert.equal(p.profession, u.profession);
      assert.deepEqual(p.roles, u.roles);
      assert.equal(p.totpSecret, u.enrolled ? credentials.totpSecret : null);
      assert.equal(p.totpEnrolledAt instanceof Date, u.enrolled);
    }
    assert.equal(DEMO_USERS.find((u) => u.loginId === "new.user")!.enrolled, false);
    for (const p of network.practitioners) {
      assert.equal(p.passwordHash, credentials.passwordHash);
      if (/^p\d{5}$/.test(p.loginId)) assert.equal(p.totpSecret, null);
    }
    // doctors work in a department of their own facility; dr.sato is the neurosurgeon
    const departmentById = new Map(network.departments.map((d) => [d.id, d]));
    for (const p of network.practitioners) {
      if (!p.departmentId) continue;
      assert.ok(p.profession === "physician" || p.profession === "dentist", p.loginId);
      assert.equal(departmentById.get(p.departmentId)?.facilityId, p.facilityId, p.loginId);
    }
    const sato = network.practitioners.find((p) => p.loginId === "dr.sato")!;
    assert.equal(departmentById.get(sato.departmentId!)?.name, "脳神経外科");
    const hospitalDoctors = network.practitioners.filter(
      (p) => p.profession === "physician" && p.facilityId === network.demoFacilityIds.demoHospital,
    );
    assert.ok(
      hospitalDoctors.every((p) => p.departmentId),
      "every doctor of the demo hospital has a department",
    );
    const office = network.demoFacilityIds.networkOffice;
    for (const p of network.practitioners.filter((row) => row.facilityId === office)) {
      assert.equal(p.profession, "clerk");
      assert.ok(p.roles!.includes("network_admin"));
    }
    const professionsAt = (kind: string) =>
      new Set(
        network.practitioners
          .filter((p) => network.facilities.find((f) => f.id === p.facilityId)!.kind === kind)
          .map((p) => p.profession),
      );
    assert.deepEqual([...professionsAt("pharmacy")], ["pharmacist"]);
    assert.ok([...professionsAt("dental_clinic")].every((p) => p === "dentist" || p === "clerk"));
  });

  it("gives every patient a valid regional ID, searchable names and katakana readings", () => {
    network.patients.forEach((p, i) => {
      assert.equal(p.regionalId, formatRegionalId(i + 1));
      assert.ok(isValidRegionalId(p.regionalId));
      assert.equal(p.searchName, normalizeName(p.familyName + p.givenName));
      assert.equal(p.searchKana, normalizeKana(p.familyNameKana + p.givenNameKana));
      assert.ok(
        isKana(p.familyNameKana) && isKana(p.givenNameKana),
        `${p.familyNameKana} ${p.givenNameKana}`,
      );
      assert.match(p.postalCode ?? "", /^\d{3}-\d{4}$/);
      assert.match(p.birthDate, /^\d{4}-\d{2}-\d{2}$/);
    });
    for (const p of network.practitioners) {
      assert.ok(isKana(p.familyNameKana) && isKana(p.givenNameKana), p.loginId);
    }
    for (const f of network.facilities) assert.match(f.nameKana, KATAKANA_WITH_SPACES, f.name);
    const sexes = countBy(network.patients, (p) => p.sex);
    assert.ok(sexes.female! > 8000 && sexes.male! > 8000);
    const old = network.patients.filter((p) => p.birthDate <= "1966-11-01").length;
    const children = network.patients.filter((p) => p.birthDate > "2011-11-01").length;
    assert.ok(old > network.patients.length * 0.6, `${old} patients aged 60 or more`);
    assert.ok(children > 0);
  });

  it("obtains every consent at a hospital, with that hospital in its scope", () => {
    const kindOf = new Map(network.facilities.map((f) => [f.id, f.kind]));
    const practitionerFacility = new Map(network.practitioners.map((p) => [p.id, p.facilityId]));
    const scopeOf = new Map<string, Set<string>>();
    for (const s of network.consentScope) {
      const set = scopeOf.get(s.consentId) ?? new Set();
      assert.ok(!set.has(s.facilityId), "a facility appears once per consent scope");
      scopeOf.set(s.consentId, set.add(s.facilityId));
    }
    const birthOf = new Map(network.patients.map((p) => [p.id, p.birthDate]));
    const formOf = new Map(network.attachments.map((a) => [a.facilityId, a.id]));
    for (const c of network.consents) {
      assert.equal(kindOf.get(c.facilityId), "hospital");
      const scope = scopeOf.get(c.id)!;
      assert.ok(scope.has(c.facilityId), "the obtaining facility is in the scope");
      assert.ok(scope.size >= 2 && scope.size <= 7, `scope of ${scope.size}`);
      assert.ok(c.obtainedOn >= FIRST_CONSENT_DAY && c.obtainedOn <= LAST_CONSENT_DAY);
      assert.ok(c.obtainedOn >= birthOf.get(c.patientId)!);
      assert.equal(c.documentId, formOf.get(c.facilityId));
      assert.equal(c.withdrawalDocumentId, c.withdrawnOn ? c.documentId : null);
    }
    const consentById = new Map(network.consents.map((c) => [c.id, c]));
    for (const e of network.consentEvents) {
      const c = consentById.get(e.consentId)!;
      assert.equal(
        practitionerFacility.get(e.recordedBy),
        c.facilityId,
        "recorded at the obtaining facility",
      );
      assert.equal(e.documentId, c.documentId);
      if (e.kind === "granted") assert.equal(e.effectiveOn, c.obtainedOn);
      if (e.kind === "withdrawn") {
        assert.deepEqual(e.facilityIds, []);
        assert.equal(e.effectiveOn, c.withdrawnOn);
      }
      if (e.kind === "scope_added") assert.equal(e.facilityIds.length, 1);
    }
    const granted = network.consentEvents.filter((e) => e.kind === "granted");
    assert.equal(granted.length, network.consents.length);
    for (const s of network.consentScope) {
      assert.equal(s.withdrawnOn, consentById.get(s.consentId)!.withdrawnOn);
    }

    const perPatient = countBy(network.consents, (c) => c.patientId);
    const twice = Object.values(perPatient).filter((n) => n === 2).length;
    assert.equal(Object.keys(perPatient).length, network.patients.length, "every patient has a consent");
    assert.ok(Object.values(perPatient).every((n) => n === 1 || n === 2));
    const share = (n: number) => n / network.consents.length;
    assert.ok(Math.abs(twice / network.patients.length - 0.15) < 0.02, `${twice} patients with two consents`);
    const events = countBy(network.consentEvents, (e) => e.kind);
    assert.ok(Math.abs(share(events.scope_added!) - 0.05) < 0.01, `${events.scope_added} scope additions`);
    assert.ok(Math.abs(share(events.withdrawn!) - 0.01) < 0.005, `${events.withdrawn} withdrawals`);
  });

  it("links each patient to a local ID, unique per facility, at every hospital and clinic in scope, and the demo pharmacy", () => {
    const kindOf = new Map(network.facilities.map((f) => [f.id, f.kind]));
    const pharmacy = network.demoFacilityIds.pharmacy;
    const expected = new Set(
      network.consentScope
        .filter(
          (s) =>
            kindOf.get(s.facilityId) === "hospital" ||
            kindOf.get(s.facilityId) === "medical_clinic" ||
            s.facilityId === pharmacy,
        )
        .map((s) => `${s.patientId}/${s.facilityId}`),
    );
    // and one on purpose outside consent: 山田花子 was once treated at the rehabilitation hospital
    const hanako = network.patients.find((p) => p.regionalId === DEMO_PATIENTS.consented)!;
    expected.add(`${hanako.id}/${network.demoFacilityIds.rehabHospital}`);
    const actual = network.patientLocalIds.map((l) => `${l.patientId}/${l.facilityId}`);
    assert.equal(new Set(actual).size, actual.length, "one local ID per patient and facility");
    assert.deepEqual(new Set(actual), expected);
    const perFacility = network.patientLocalIds.map((l) => `${l.facilityId}/${l.localId}`);
    assert.equal(new Set(perFacility).size, perFacility.length, "local IDs unique per facility");
    for (const l of network.patientLocalIds)
      assert.match(l.localId, l.facilityId === pharmacy ? /^P\d{6}$/ : /^\d{7}$/);
  });

  it("attaches one small, valid consent form PDF per hospital", () => {
    for (const a of network.attachments) {
      const content = a.content;
      assert.equal(content.subarray(0, 5).toString("latin1"), "%PDF-");
      assert.ok(content.toString("latin1").includes("Synthetic demo consent form - not a real document"));
      assert.ok(content.toString("latin1").trimEnd().endsWith("%%EOF"));
      assert.equal(a.mediaType, "application/pdf");
      assert.equal(a.fileName, "demo-consent-form.pdf");
      assert.equal(a.byteSize, content.byteLength);
      assert.equal(a.sha256, createHash("sha256").update(content).digest("hex"));
    }
  });

  it("uses unique version-4 UUIDs for every id", () => {
    const ids = [
      ...network.facilities,
      ...network.departments,
      ...network.practitioners,
      ...network.attachments,
      ...network.patients,
      ...network.consents,
      ...network.consentEvents,
      ...network.patientLocalIds,
    ].map((row) => row.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, UUID_V4);
  });

  it("keeps the two demo patients' promises", () => {
    const ids = network.demoFacilityIds;
    const hanako = network.patients.find((p) => p.regionalId === DEMO_PATIENTS.consented)!;
    assert.deepEqual(
      [hanako.familyName, hanako.givenName, hanako.familyNameKana, hanako.givenNameKana, hanako.sex],
      ["山田", "花子", "ヤマダ", "ハナコ", "female"],
    );
    const consent = network.consents.find(
      (c) => c.patientId === hanako.id && c.facilityId === ids.demoHospital,
    )!;
    assert.equal(consent.withdrawnOn, null);
    const scope = network.consentScope.filter((s) => s.consentId === consent.id).map((s) => s.facilityId);
    for (const f of [ids.demoHospital, ids.demoClinic, ids.pharmacy, ids.visitingNurse])
      assert.ok(scope.includes(f));
    // the rehabilitation hospital holds records of hers but is outside her consent: it must never show
    assert.ok(!scope.includes(ids.rehabHospital));
    assert.ok(
      network.patientLocalIds.some((l) => l.patientId === hanako.id && l.facilityId === ids.rehabHospital),
    );

    const ichiro = network.patients.find((p) => p.regionalId === DEMO_PATIENTS.notConsented)!;
    assert.deepEqual(
      [ichiro.familyName, ichiro.givenName, ichiro.familyNameKana, ichiro.givenNameKana, ichiro.sex],
      ["佐藤", "一郎", "サトウ", "イチロウ", "male"],
    );
    assert.ok(network.consents.some((c) => c.patientId === ichiro.id && c.facilityId === ids.rehabHospital));
    const reach = network.consentScope.filter((s) => s.patientId === ichiro.id).map((s) => s.facilityId);
    assert.ok(!reach.includes(ids.demoClinic) && !reach.includes(ids.demoHospital));
  });
});
