/**
 * The demo network, built in memory from a seed: no I/O, no clock, no
 * Math.random. The same seed and scale give the same rows, ids included, on
 * every machine. Everything here is synthetic; no real person's data. The
 * parts: network.ts (sizes, row types, shared helpers), cast.ts (the named demo
 * facilities, users and patients), facilities.ts, practitioners.ts, patients.ts
 * (patients, consents and their signed forms).
 */
import { DEMO_RECORDS_DEFAULT_URL } from "../records/urls";
import { FAMILY_NAMES } from "./names";
import { SeededRandom, weightedPicker } from "./random";
import {
  type Context,
  DEFAULT_SEED,
  type DemoNetwork,
  type GenerateOptions,
  MUNICIPALITY_INDEXES,
  MUNICIPALITY_WEIGHTS,
  networkSize,
} from "./network";
import { makeDepartments, planFacilities } from "./facilities";
import { makePractitioners } from "./practitioners";
import { makeConsentForms, makePatientsAndConsents } from "./patients";

export function generateDemoNetwork(options: GenerateOptions): DemoNetwork {
  const scale = options.scale ?? 1;
  const seed = options.seed ?? DEFAULT_SEED;
  const size = networkSize(scale);
  const ctx: Context = {
    rng: new SeededRandom(seed),
    pickFamily: weightedPicker(
      FAMILY_NAMES,
      FAMILY_NAMES.map((_, rank) => 1 / (rank + 8)),
    ),
    pickMunicipality: weightedPicker(MUNICIPALITY_INDEXES, MUNICIPALITY_WEIGHTS),
  };
  const { planned, demoIds } = planFacilities(ctx, size, options.recordServerUrl ?? DEMO_RECORDS_DEFAULT_URL);
  const departmentRows = makeDepartments(ctx, planned, demoIds);
  const staff = makePractitioners(ctx, planned, demoIds, options, departmentRows);
  const forms = makeConsentForms(ctx, planned, staff.firstAt);
  const care = makePatientsAndConsents(ctx, size.patients, planned, demoIds, staff.recordersAt, forms.formAt);
  return {
    seed,
    scale,
    facilities: planned.map((f) => f.row),
    departments: departmentRows,
    practitioners: staff.rows,
    attachments: forms.rows,
    ...care,
    demoFacilityIds: demoIds,
  };
}
