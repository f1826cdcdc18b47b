import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  axialPositions,
  linkedSlice,
  sameVoi,
  scrollLink,
  stackInstances,
  viewerHref,
  type DicomJson,
} from "../../app/lib/imaging-stack";

const AXIAL = [1, 0, 0, 0, 1, 0];
const CORONAL = [1, 0, 0, 0, 0, -1];

function instance(n: number, z: number | null, over: Partial<Record<string, unknown[]>> = {}): DicomJson {
  const d: DicomJson = {
    "00080018": { Value: [`1.2.3.${n}`] },
    "00200013": { Value: [n] },
    "00200037": { Value: AXIAL },
  };
  if (z !== null) d["00200032"] = { Value: [-100, -100, z] };
  for (const [tag, value] of Object.entries(over)) d[tag] = { Value: value };
  return d;
}

describe("the viewer's stack: order and slice positions", () => {
  it("orders instances by Instance Number (then UID) and drops what is not a UID", () => {
    const list = stackInstances([
      instance(3, 2.5),
      instance(1, 0),
      { ...instance(2, 1.25), "00080018": { Value: ["../../etc"] } },
      instance(2, 1.25, { "00080018": ["1.2.3.20"] }),
    ]);
    assert.deepEqual(
      list.map((i) => i.uid),
      ["1.2.3.1", "1.2.3.20", "1.2.3.3"],
    );
    assert.deepEqual(list[0]!.position, [-100, -100, 0]);
    assert.equal(list[0]!.frames, 1);
  });

  it("gives positions along z for an axial stack, and none for a coronal, multi-frame or positionless one", () => {
    const axial = stackInstances([instance(1, 0), instance(2, 1.25), instance(3, 2.5)]);
    assert.deepEqual(axialPositions(axial), [0, 1.25, 2.5]);
    // slightly tilted gantry (10°) is still axial
    const tilt = Math.PI / 18;
    const tilted = stackInstances([
      instance(1, 0, { "00200037": [1, 0, 0, 0, Math.cos(tilt), Math.sin(tilt)] }),
    ]);
    assert.deepEqual(axialPositions(tilted), [0]);
    assert.equal(axialPositions(stackInstances([instance(1, 0, { "00200037": CORONAL })])), null);
    assert.equal(axialPositions(stackInstances([instance(1, 0, { "00280008": [4] })])), null);
    assert.equal(axialPositions(stackInstances([instance(1, 0), instance(2, null)])), null);
    assert.equal(axialPositions([]), null);
  });
});

describe("linked scroll between two stacks", () => {
  // a thin CT (1.25 mm, 300 slices) beside an MR (5 mm, 24 slices)
  const ct = Array.from({ length: 300 }, (_, i) => i * 1.25);
  const mr = Array.from({ length: 24 }, (_, i) => 40 + i * 5);

  it("links by position when both are axial stacks with positions, anchored where both stood", () => {
    const link = scrollLink([ct, mr], [100, 3]);
    assert.equal(link.by, "position");
    // CT slice 100 (125 mm) is MR slice 3 (55 mm); 20 mm further down the CT is 4 MR slices further
    assert.equal(linkedSlice(link, [ct, mr], [300, 24], 0, 100), 3);
    assert.equal(linkedSlice(link, [ct, mr], [300, 24], 0, 116), 7);
    assert.equal(linkedSlice(link, [ct, mr], [300, 24], 0, 99), 3, "1.25 mm: the nearest MR slice stays");
    // and back: MR slice 5 is 10 mm past the anchor, CT slice 108
    assert.equal(linkedSlice(link, [ct, mr], [300, 24], 1, 5), 108);
    // past the other's end: its last slice
    assert.equal(linkedSlice(link, [ct, mr], [300, 24], 0, 299), 23);
    assert.equal(linkedSlice(link, [ct, mr], [300, 24], 1, 0), 88);
  });

  it("follows positions that run the other way (feet first) by distance, not by index", () => {
    const reversed = [...mr].reverse();
    const link = scrollLink([ct, reversed], [100, 20]);
    assert.equal(linkedSlice(link, [ct, reversed], [300, 24], 0, 104), 19);
  });

  it("links by slice count when either stack has no positions, kept inside the other stack", () => {
    const link = scrollLink([ct, null], [10, 2]);
    assert.equal(link.by, "index");
    assert.equal(linkedSlice(link, [ct, null], [300, 1], 0, 50), 0, "a single radiograph stays");
    assert.equal(linkedSlice(link, [ct, null], [300, 24], 0, 15), 7);
    assert.equal(linkedSlice(link, [ct, null], [300, 24], 0, 0), 0);
    assert.equal(linkedSlice(link, [ct, null], [300, 24], 0, 200), 23);
    assert.equal(linkedSlice(link, [ct, null], [300, 24], 1, 5), 13);
    assert.equal(linkedSlice(link, [null, null], [300, 0], 0, 5), 0, "an empty stack");
  });

  it("treats windows within half a unit as the same (a linked change is not sent back)", () => {
    assert.ok(sameVoi({ lower: -1350, upper: 150 }, { lower: -1350.2, upper: 150.3 }));
    assert.ok(!sameVoi({ lower: -1350, upper: 150 }, { lower: -1340, upper: 150 }));
    assert.ok(!sameVoi(undefined, { lower: 0, upper: 1 }));
  });
});

describe("the viewer's address", () => {
  it("holds the second study of a comparison, so it can be shared", () => {
    const a = { facilityId: "f-a", studyUid: "1.2.3", sig: "s_a-" };
    assert.equal(viewerHref("p", a), "/patients/p/images/f-a/1.2.3?sig=s_a-");
    const href = viewerHref("p", a, { facilityId: "f-b", studyUid: "1.2.4", sig: "s_b" });
    const url = new URL(href, "http://x");
    assert.equal(url.pathname, "/patients/p/images/f-a/1.2.3");
    assert.equal(url.searchParams.get("compareFacility"), "f-b");
    assert.equal(url.searchParams.get("compareStudy"), "1.2.4");
    assert.equal(url.searchParams.get("compareSig"), "s_b");
  });
});
