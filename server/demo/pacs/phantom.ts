/**
 * Synthetic anatomy for the demo studies, in numbers only (no DICOM here): a
 * trunk CT from the pelvis to the upper chest (Hounsfield units), a head MR (T1-like
 * signal) and a chest radiograph projected through the CT's chest. Deterministic
 * for a seed, so the same patient's study is the same every time.
 */

export function rng(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

const inEllipse = (x: number, y: number, cx: number, cy: number, rx: number, ry: number) =>
  ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;

export interface CtGeometry {
  size: number;
  slices: number;
  /** mm per pixel */
  pixelSpacing: number;
  /** mm between slices */
  sliceSpacing: number;
}

/**
 * One axial CT slice in HU. z runs from 0 (pelvis) to 1 (upper chest); x, y in
 * [-1, 1] with y growing towards the back. `lesion` places a round nodule in the
 * right lung (left of the image) around z = 0.72.
 */
export function ctSlice(size: number, z: number, seed: number, out: Int16Array): void {
  const noise = rng(seed);
  const chest = z > 0.55;
  const abdomen = z > 0.2 && z <= 0.55;
  // the trunk narrows a little towards the pelvis and widens at the shoulders
  const bodyRx = 0.82 + 0.06 * Math.sin(z * Math.PI);
  const bodyRy = 0.58 + 0.04 * z;
  for (let j = 0; j < size; j++) {
    const y = (j / (size - 1)) * 2 - 1;
    for (let i = 0; i < size; i++) {
      const x = (i / (size - 1)) * 2 - 1;
      let hu = -1000;
      if (inEllipse(x, y, 0, 0.05, bodyRx, bodyRy)) {
        hu = -90; // subcutaneous fat
        if (inEllipse(x, y, 0, 0.05, bodyRx - 0.06, bodyRy - 0.05)) hu = 40; // muscle and organs
        if (chest) {
          // lungs, right (image left) and left, shrinking at the base
          const lung = Math.min(1, (z - 0.55) / 0.12);
          if (
            inEllipse(x, y, -0.36, 0.0, 0.3 * lung, 0.4 * lung) ||
            inEllipse(x, y, 0.38, 0.02, 0.27 * lung, 0.38 * lung)
          ) {
            hu = -850 + Math.round(60 * Math.sin(x * 19) * Math.sin(y * 23)); // vessels in the lung
          }
          // heart, left of the midline, lower chest
          if (z < 0.85 && inEllipse(x, y, 0.1, -0.05, 0.22, 0.2)) hu = 45;
          // aorta
          if (inEllipse(x, y, 0.08, 0.28, 0.06, 0.06)) hu = 50;
          // ribs: short arcs on a ring inside the body wall
          const r = Math.hypot(x / (bodyRx - 0.08), (y - 0.05) / (bodyRy - 0.07));
          const angle = Math.atan2(y, x);
          if (r > 0.93 && r < 1.0 && Math.sin(angle * 7 + z * 40) > 0.55) hu = 700;
          // sternum
          if (inEllipse(x, y, 0, -0.47, 0.07, 0.035)) hu = 650;
          // the nodule
          const dz = (z - 0.72) * 8;
          if (((x + 0.42) / 0.06) ** 2 + ((y + 0.1) / 0.06) ** 2 + (dz / 0.06) ** 2 <= 1) hu = 35;
        } else if (abdomen) {
          if (inEllipse(x, y, -0.32, -0.05, 0.3, 0.32)) hu = 60; // liver
          if (inEllipse(x, y, 0.32, -0.1, 0.15, 0.14)) hu = 30; // stomach/bowel
          if (inEllipse(x, y, 0.3, 0.0, 0.07, 0.05)) hu = -300; // gas in the bowel
          if (inEllipse(x, y, -0.25, 0.3, 0.08, 0.12) || inEllipse(x, y, 0.25, 0.3, 0.08, 0.12)) hu = 35; // kidneys
          if (inEllipse(x, y, 0.06, 0.22, 0.05, 0.05)) hu = 50; // aorta
        } else {
          // pelvis: iliac wings and the bladder
          if (inEllipse(x, y, -0.45, 0.15, 0.22, 0.1) || inEllipse(x, y, 0.45, 0.15, 0.22, 0.1)) hu = 800;
          if (inEllipse(x, y, 0, -0.15, 0.18, 0.14)) hu = 5;
        }
        // vertebral body and spinal canal all the way up
        if (inEllipse(x, y, 0, 0.36, 0.1, 0.09)) hu = 750;
        if (inEllipse(x, y, 0, 0.36, 0.055, 0.05)) hu = 300;
        if (inEllipse(x, y, 0, 0.5, 0.035, 0.035)) hu = 15;
      }
      out[j * size + i] = hu + Math.round((noise() - 0.5) * 24);
    }
  }
}

/** One axial head MR slice (arbitrary T1-like signal, 0-1200); z in [0, 1] from the skull base up. */
export function mrSlice(size: number, z: number, seed: number, out: Uint16Array): void {
  const noise = rng(seed);
  const scale = Math.sqrt(Math.max(0, 1 - ((z - 0.45) / 0.62) ** 2));
  for (let j = 0; j < size; j++) {
    const y = (j / (size - 1)) * 2 - 1;
    for (let i = 0; i < size; i++) {
      const x = (i / (size - 1)) * 2 - 1;
      let s = 0;
      const rx = 0.72 * scale;
      const ry = 0.88 * scale;
      if (rx > 0.05 && inEllipse(x, y, 0, 0, rx, ry)) {
        s = 900; // scalp fat, bright on T1
        if (inEllipse(x, y, 0, 0, rx - 0.04, ry - 0.04)) s = 80; // skull
        if (inEllipse(x, y, 0, 0, rx - 0.09, ry - 0.09)) {
          s = 520; // grey matter
          if (inEllipse(x, y, 0, 0, rx - 0.16, ry - 0.18)) s = 700; // white matter
          // the lateral ventricles, dark CSF
          if (
            z > 0.45 &&
            z < 0.75 &&
            (inEllipse(x, y, -0.1, -0.05, 0.06, 0.25) || inEllipse(x, y, 0.1, -0.05, 0.06, 0.25))
          )
            s = 120;
          // a small old infarct in the right hemisphere (image left)
          if (z > 0.5 && z < 0.62 && inEllipse(x, y, -0.35, 0.2, 0.09, 0.07)) s = 260;
        }
      }
      out[j * size + i] = Math.max(0, s + Math.round((noise() - 0.5) * 40));
    }
  }
}

/**
 * A chest radiograph (PA) as the attenuation summed front to back through CT
 * slices of the chest, written rows top (head) to bottom: brighter where more
 * is absorbed (bone), as a radiograph shows it. Values 0-4095.
 */
export function chestRadiograph(width: number, height: number, seed: number): Uint16Array {
  const ctSize = 128;
  const slice = new Int16Array(ctSize * ctSize);
  const out = new Uint16Array(width * height);
  const column = new Float64Array(ctSize);
  for (let row = 0; row < height; row++) {
    // the top of the image is the upper chest (z = 1), the bottom the upper abdomen
    const z = 1 - (row / (height - 1)) * 0.5;
    ctSlice(ctSize, z, seed + row, slice);
    column.fill(0);
    for (let j = 0; j < ctSize; j++) {
      for (let i = 0; i < ctSize; i++) {
        const mu = Math.max(0, (slice[j * ctSize + i]! + 1000) / 1000);
        column[i]! += mu;
      }
    }
    for (let c = 0; c < width; c++) {
      const x = Math.min(ctSize - 1, Math.floor((c / width) * ctSize));
      const sum = column[x]!;
      out[row * width + c] = Math.min(4095, Math.round(4095 * (1 - Math.exp(-sum / 40))));
    }
  }
  return out;
}
