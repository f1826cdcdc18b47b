import { asc, count, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { departments, facilities, practitioners } from "../../db/schema";
import { DomainError, conflictOnDuplicate, msg } from "../../errors";
import { isFacilityAdminOf, isNetworkAdmin, type Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { appendAuditEvent } from "../audit/append-audit-event";
import { DepartmentInput, FacilityInput, UpdateFacilityInput } from "./facilities.schema";

const CODE_TAKEN = msg("facilities.facilityCodeAlreadyRegistered");
const OFFICE_ONLY = msg("audit.networkOfficeOnly");
const NOT_ADMIN = msg("practitioners.notAdministratorFacility");

/** The directory of the network's facilities: every signed-in practitioner may read it. */
export async function listFacilities(db: Db) {
  return db
    .select({
      id: facilities.id,
      code: facilities.code,
      name: facilities.name,
      nameKana: facilities.nameKana,
      kind: facilities.kind,
      role: facilities.role,
      bedCount: facilities.bedCount,
      address: facilities.address,
      phone: facilities.phone,
      recordSystemUrl: facilities.recordSystemUrl,
      active: facilities.active,
      practitioners: count(practitioners.id),
    })
    .from(facilities)
    .leftJoin(practitioners, eq(practitioners.facilityId, facilities.id))
    .groupBy(facilities.id)
    .orderBy(asc(facilities.kind), asc(facilities.nameKana));
}

export async function getFacility(db: Db, facilityId: string) {
  const [facility] = await db.select().from(facilities).where(eq(facilities.id, facilityId));
  if (!facility) throw new DomainError("NOT_FOUND", msg("facilities.facilityNotFound"));
  const depts = await db
    .select()
    .from(departments)
    .where(eq(departments.facilityId, facilityId))
    .orderBy(asc(departments.name));
  return { ...facility, departments: depts };
}

const audit = (
  actor: Actor,
  action: "facility.create" | "facility.update",
  details: Record<string, unknown>,
) => ({
  actorId: actor.practitionerId,
  actorFacilityId: actor.facilityId,
  action,
  purpose: "administration" as const,
  outcome: "success" as const,
  details,
  ip: actor.ip,
});

export async function createFacility(db: Db, actor: Actor, rawInput: unknown) {
  if (!isNetworkAdmin(actor)) throw new DomainError("FORBIDDEN", OFFICE_ONLY);
  const input = parseInput(FacilityInput, rawInput);
  const [dup] = await db
    .select({ id: facilities.id })
    .from(facilities)
    .where(eq(facilities.code, input.code));
  if (dup) {
    throw new DomainError("CONFLICT", CODE_TAKEN, [{ field: "code", message: CODE_TAKEN }]);
  }
  return conflictOnDuplicate(
    () =>
      db.transaction(async (tx) => {
        const [row] = await tx.insert(facilities).values(input).returning({ id: facilities.id });
        await appendAuditEvent(tx, audit(actor, "facility.create", { facilityId: row!.id }));
        return { facilityId: row!.id };
      }),
    "code",
    CODE_TAKEN,
  );
}

/** Facility admins edit their own facility; the network office edits any and (de)activates them. */
export async function updateFacility(db: Db, actor: Actor, rawInput: unknown) {
  const { facilityId, ...changes } = parseInput(UpdateFacilityInput, rawInput);
  if (!isFacilityAdminOf(actor, facilityId)) throw new DomainError("FORBIDDEN", NOT_ADMIN);
  if (
    !isNetworkAdmin(actor) &&
    (changes.code !== undefined || changes.active !== undefined || changes.role !== undefined)
  ) {
    throw new DomainError("FORBIDDEN", msg("facilities.onlyNetworkOfficeChangesFacilitys"));
  }
  return conflictOnDuplicate(
    () =>
      db.transaction(async (tx) => {
        const updated = await tx
          .update(facilities)
          .set({ ...changes, updatedAt: new Date() })
          .where(eq(facilities.id, facilityId))
          .returning({ id: facilities.id });
        if (updated.length === 0) throw new DomainError("NOT_FOUND", msg("facilities.facilityNotFound"));
        await appendAuditEvent(
          tx,
          audit(actor, "facility.update", { facilityId, fields: Object.keys(changes) }),
        );
      }),
    "code",
    CODE_TAKEN,
  );
}

export async function addDepartment(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(DepartmentInput, rawInput);
  await getFacility(db, input.facilityId);
  if (!isFacilityAdminOf(actor, input.facilityId)) throw new DomainError("FORBIDDEN", NOT_ADMIN);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(departments)
      .values(input)
      .onConflictDoNothing()
      .returning({ id: departments.id });
    if (!row) {
      throw new DomainError("CONFLICT", msg("facilities.departmentNameExists"), [
        { field: "name", message: msg("facilities.departmentNameExists") },
      ]);
    }
    await appendAuditEvent(
      tx,
      audit(actor, "facility.update", { facilityId: input.facilityId, departmentId: row.id }),
    );
    return { departmentId: row.id };
  });
}

/** The departments (診療科) of some facilities, by name, for choosing a doctor's department. */
export async function listDepartmentsOf(db: Db, facilityIds: string[]) {
  if (facilityIds.length === 0) return [];
  return db
    .select({ id: departments.id, name: departments.name, facilityId: departments.facilityId })
    .from(departments)
    .where(inArray(departments.facilityId, facilityIds))
    .orderBy(asc(departments.name));
}
