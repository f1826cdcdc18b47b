import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { layerForCount, layerForTile } from "../../app/(app)/conferences/[conferenceId]/simulcast-layer";

describe("the simulcast layer a receiver asks for", () => {
  it("follows the tile's size on this screen, not the number of tiles", () => {
    // a two-person call on a laptop: one ~364 px tile wants 640 wide, not 1280
    assert.equal(layerForTile(364, 1), 1);
    // the same tile on a retina screen needs the full layer
    assert.equal(layerForTile(364, 2), 2);
    // a small tile in a grid: the lowest
    assert.equal(layerForTile(180, 1), 0);
    // a large tile: the full resolution
    assert.equal(layerForTile(1000, 1), 2);
    // wider than the capture: still the top layer
    assert.equal(layerForTile(2400, 2), 2);
  });

  it("tolerates a little upscaling before it doubles the bandwidth", () => {
    assert.equal(layerForTile(336, 1), 0);
    assert.equal(layerForTile(340, 1), 1);
    assert.equal(layerForTile(673, 1), 1);
    assert.equal(layerForTile(680, 1), 2);
  });

  it("falls back to the number of tiles before a tile is measured", () => {
    assert.equal(layerForCount(1), 2);
    assert.equal(layerForCount(3), 1);
    assert.equal(layerForCount(6), 0);
  });
});
