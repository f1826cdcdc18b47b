import { getTableColumns, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { hashPassword } from "../../auth/password";
import { appendAuditEvent } from "../../domain/audit/append-audit-event";
import type { Db } from "../../db/client";
import {
  attachments,
  consentEvents,
  consentScope,
  consents,
  departments,
  facilities,
  patientLocalIds,
  patients,
  practitioners,
} from "../../db/schema";
import { generateDemoNetwork } from "./generate";
import { seedPathways } from "./seed-pathways";
import { seedHomeCare } from "./seed-home-care";
import { seedNursingInstructions } from "./seed-nursing-instructions";
import { seedCareDocuments } from "./seed-care-documents";
import { seedHomeNursingDocuments } from "./seed-home-nursing-documents";

export { DEMO_FACILITIES, DEMO_PATIENTS, DEMO_USERS, type DemoFacilityKey, type DemoUser } from "./cast";

/** Shown on the sign-in page in demo mode and in the README: demo accounts only. */
export const DEMO_PASSWORD = "Demo-2026-okinet";
export const DEMO_TOTP_SECRET = "KVKFKRCPNZQUYMLXOVYDSQKJKZDTSRLD"; // base32, 20 bytes

export interface SeedSummary {
  facilities: number;
  departments: number;
  practitioners: number;
  patients: number;
  consents: number;
  consentEvents: number;
  localIds: number;
  ms: number;
}

// Held for the seeding transaction, so two processes starting on one empty
// database do not both seed it.
const SEED_LOCK = 0x5eed0c1;

/** Both PGlite and Postgres accept at most 65535 bind parameters in one statement. */
const MAX_PARAMETERS = 65_535;
const MAX_ROWS_PER_INSERT = 1000;

/**
 * Fills an empty database with the synthetic demo network (the reference
 * network's size times `scale`). Does nothing and returns null when any facility
 * exists. All rows, and the audit event that records the seeding, commit in one
 * transaction or not at all.
 */
export async function seedDemoData(
  db: Db,
  options: { scale?: number; seed?: number; recordServerUrl?: string } = {},
): Promise<SeedSummary | null> {
  const started = performance.now();
  if (await hasFacilities(db)) return null;

  // Synthetic data only: every seeded account shares one hash of the published
  // demo password. Hashing each (scrypt, 32 MiB) would take minutes; real accounts
  // each get their own salt and hash when they are created.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const network = generateDemoNetwork({ ...options, passwordHash, totpSecret: DEMO_TOTP_SECRET });

  const counts = {
    facilities: network.facilities.length,
    departments: network.departments.length,
    practitioners: network.practitioners.length,
    patients: network.patients.length,
    consents: network.consents.length,
    consentEvents: network.consentEvents.length,
    localIds: network.patientLocalIds.length,
  };

  const seeded = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    if (await hasFacilities(tx)) return false;
    // Parents before children, as the foreign keys require.
    await insertInChunks(tx, facilities, network.facilities);
    await insertInChunks(tx, departments, network.departments);
    await insertInChunks(tx, practitioners, network.practitioners);
    await insertInChunks(tx, attachments, network.attachments);
    await insertInChunks(tx, patients, network.patients);
    await insertInChunks(tx, consents, network.consents);
    await insertInChunks(tx, consentEvents, network.consentEvents);
    await insertInChunks(tx, consentScope, network.consentScope);
    await insertInChunks(tx, patientLocalIds, network.patientLocalIds);
    const pathways = await seedPathways(tx, network);
    await seedHomeCare(tx, network);
    const instructions = await seedNursingInstructions(tx, network);
    const careDocumentCount = await seedCareDocuments(tx, network);
    const homeNursingDocumentCount = await seedHomeNursingDocuments(tx, network);
    await appendAuditEvent(tx, {
      actorId: null,
      actorFacilityId: null,
      action: "system.seed",
      purpose: "system",
      outcome: "success",
      details: {
        ...counts,
        consentScope: network.consentScope.length,
        attachments: network.attachments.length,
        pathwayTemplates: pathways.templates,
        pathwayEnrolments: pathways.enrolments,
        nursingInstructions: instructions,
        careDocuments: careDocumentCount,
        homeNursingDocuments: homeNursingDocumentCount,
        seed: network.seed,
        scale: network.scale,
      },
    });
    return true;
  });
  if (!seeded) return null;
  // fresh tables have no statistics yet: without them the planner scans where it should seek
  await db.execute(sql`analyze`);
  return { ...counts, ms: Math.round(performance.now() - started) };
}

async function hasFacilities(db: Db): Promise<boolean> {
  const rows = await db
    .select({ one: sql<number>`1` })
    .from(facilities)
    .limit(1);
  return rows.length > 0;
}

/** Multi-row inserts sized so no statement passes the bind-parameter limit. */
async function insertInChunks<T extends PgTable>(db: Db, table: T, rows: readonly T["$inferInsert"][]) {
  const columns = Object.keys(getTableColumns(table)).length;
  const perInsert = Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / columns));
  for (let i = 0; i < rows.length; i += perInsert) {
    await db.insert(table).values(rows.slice(i, i + perInsert));
  }
}
