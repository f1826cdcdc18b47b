import { randomBytes } from "node:crypto";
import { and, asc, eq, ne, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { authSessions, departments, facilities, practitioners, recoveryCodes } from "../../db/schema";
import { DomainError, conflictOnDuplicate, msg } from "../../errors";
import { hashPassword, verifyPassword } from "../../auth/password";
import { hasRole, isFacilityAdminOf, isNetworkAdmin, type Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { appendAuditEvent } from "../audit/append-audit-event";
import { publishSessionsEnded } from "../auth/sessions";
import {
  ChangePasswordInput,
  CreatePractitionerInput,
  PractitionerIdInput,
  UpdatePractitionerInput,
} from "./practitioners.schema";

const LOGIN_TAKEN = msg("practitioners.loginIDTaken");

type PractitionerAction =
  "practitioner.create" | "practitioner.update" | "practitioner.reset_mfa" | "practitioner.unlock";
const audit = (actor: Actor, action: PractitionerAction, details: Record<string, unknown>) => ({
  actorId: actor.practitionerId,
  actorFacilityId: actor.facilityId,
  action,
  purpose: "administration" as const,
  outcome: "success" as const,
  details,
  ip: actor.ip,
});

/** Facility admins see their own staff; the network office sees everyone. */
export async function listPractitioners(db: Db, actor: Actor, options: { facilityId?: string } = {}) {
  let scope: SQL | undefined;
  if (isNetworkAdmin(actor))
    scope = options.facilityId ? eq(practitioners.facilityId, options.facilityId) : undefined;
  else if (hasRole(actor, "facility_admin")) scope = eq(practitioners.facilityId, actor.facilityId);
  else throw new DomainError("FORBIDDEN", msg("practitioners.administratorsOnly"));
  return db
    .select({
      id: practitioners.id,
      loginId: practitioners.loginId,
      familyName: practitioners.familyName,
      givenName: practitioners.givenName,
      familyNameKana: practitioners.familyNameKana,
      givenNameKana: practitioners.givenNameKana,
      profession: practitioners.profession,
      roles: practitioners.roles,
      departmentId: practitioners.departmentId,
      facilityId: practitioners.facilityId,
      facilityName: facilities.name,
      totpEnrolled: practitioners.totpEnrolledAt,
      lockedUntil: practitioners.lockedUntil,
      disabledAt: practitioners.disabledAt,
    })
    .from(practitioners)
    .innerJoin(facilities, eq(facilities.id, practitioners.facilityId))
    .where(scope)
    .orderBy(asc(facilities.nameKana), asc(practitioners.familyNameKana))
    .limit(2000);
}

/** Creates an account with a one-time initial password (shown once to the admin); TOTP is enrolled at first sign-in. */
export async function createPractitioner(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(CreatePractitionerInput, rawInput);
  if (!isFacilityAdminOf(actor, input.facilityId))
    throw new DomainError("FORBIDDEN", msg("practitioners.notAdministratorFacility"));
  if (input.roles.includes("network_admin") && !isNetworkAdmin(actor)) {
    throw new DomainError("FORBIDDEN", msg("practitioners.onlyNetworkOfficeGrantsNetwork"));
  }
  const [dup] = await db
    .select({ id: practitioners.id })
    .from(practitioners)
    .where(eq(practitioners.loginId, input.loginId));
  if (dup) {
    throw new DomainError("CONFLICT", LOGIN_TAKEN, [{ field: "loginId", message: LOGIN_TAKEN }]);
  }
  const initialPassword = `${randomBytes(9).toString("base64url")}7a`;
  const passwordHash = await hashPassword(initialPassword);
  return conflictOnDuplicate(
    () =>
      db.transaction(async (tx) => {
        const [row] = await tx
          .insert(practitioners)
          .values({ ...input, passwordHash })
          .returning({ id: practitioners.id });
        await appendAuditEvent(
          tx,
          audit(actor, "practitioner.create", { practitionerId: row!.id, roles: input.roles }),
        );
        return { practitionerId: row!.id, initialPassword };
      }),
    "loginId",
    LOGIN_TAKEN,
  );
}

async function loadManaged(db: Db, actor: Actor, practitionerId: string) {
  const [target] = await db.select().from(practitioners).where(eq(practitioners.id, practitionerId));
  if (!target) throw new DomainError("NOT_FOUND", msg("practitioners.practitionerNotFound"));
  if (!isFacilityAdminOf(actor, target.facilityId))
    throw new DomainError("FORBIDDEN", msg("practitioners.notAdministratorFacility"));
  return target;
}

export async function updatePractitioner(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(UpdatePractitionerInput, rawInput);
  const target = await loadManaged(db, actor, input.practitionerId);
  if (
    input.roles?.includes("network_admin") !== target.roles.includes("network_admin") &&
    input.roles &&
    !isNetworkAdmin(actor)
  ) {
    throw new DomainError("FORBIDDEN", msg("practitioners.onlyNetworkOfficeChangesNetwork"));
  }
  // another administrator changes an administrator's own account, so no facility is left without one
  const rolesChange = input.roles && [...input.roles].sort().join() !== [...target.roles].sort().join();
  if (target.id === actor.practitionerId && (input.disabled || rolesChange)) {
    throw new DomainError("CONFLICT", msg("practitioners.cannotDisableYourselfChangeOwn"));
  }
  if (input.departmentId) {
    const [department] = await db
      .select({ facilityId: departments.facilityId })
      .from(departments)
      .where(eq(departments.id, input.departmentId));
    if (department?.facilityId !== target.facilityId) {
      throw new DomainError("VALIDATION", msg("practitioners.departmentNotPractitionersFacility"), [
        { field: "departmentId", message: msg("practitioners.departmentNotPractitionersFacility") },
      ]);
    }
  }
  await db.transaction(async (tx) => {
    await tx
      .update(practitioners)
      .set({
        ...(input.roles ? { roles: input.roles } : {}),
        ...(input.departmentId !== undefined ? { departmentId: input.departmentId } : {}),
        ...(input.disabled !== undefined ? { disabledAt: input.disabled ? new Date() : null } : {}),
        updatedAt: new Date(),
      })
      .where(eq(practitioners.id, target.id));
    if (input.disabled) {
      await tx
        .update(authSessions)
        .set({ revokedAt: new Date() })
        .where(eq(authSessions.practitionerId, target.id));
    }
    await appendAuditEvent(
      tx,
      audit(actor, "practitioner.update", {
        practitionerId: target.id,
        roles: input.roles,
        disabled: input.disabled,
        departmentId: input.departmentId,
      }),
    );
  });
  if (input.disabled) publishSessionsEnded({ practitionerId: target.id });
}

/** A lost phone: the admin clears the authenticator; the practitioner enrols a new one at next sign-in. */
export async function resetPractitionerMfa(db: Db, actor: Actor, rawInput: unknown) {
  const { practitionerId } = parseInput(PractitionerIdInput, rawInput);
  const target = await loadManaged(db, actor, practitionerId);
  await db.transaction(async (tx) => {
    await tx
      .update(practitioners)
      .set({ totpSecret: null, totpEnrolledAt: null, totpLastTimeStep: null, updatedAt: new Date() })
      .where(eq(practitioners.id, target.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.practitionerId, target.id));
    await tx
      .update(authSessions)
      .set({ revokedAt: new Date() })
      .where(eq(authSessions.practitionerId, target.id));
    await appendAuditEvent(tx, audit(actor, "practitioner.reset_mfa", { practitionerId: target.id }));
  });
  publishSessionsEnded({ practitionerId: target.id });
}

export async function unlockPractitioner(db: Db, actor: Actor, rawInput: unknown) {
  const { practitionerId } = parseInput(PractitionerIdInput, rawInput);
  const target = await loadManaged(db, actor, practitionerId);
  await db.transaction(async (tx) => {
    await tx
      .update(practitioners)
      .set({ lockedUntil: null, failedSignIns: 0 })
      .where(eq(practitioners.id, target.id));
    await appendAuditEvent(tx, audit(actor, "practitioner.unlock", { practitionerId: target.id }));
  });
}

/** Changing one's password ends every other session. */
export async function changePassword(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(ChangePasswordInput, rawInput);
  const [me] = await db.select().from(practitioners).where(eq(practitioners.id, actor.practitionerId));
  if (!me || !(await verifyPassword(input.currentPassword, me.passwordHash))) {
    throw new DomainError("VALIDATION", msg("practitioners.currentPasswordWrong"), [
      { field: "currentPassword", message: msg("practitioners.currentPasswordWrong") },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(practitioners)
      .set({ passwordHash, updatedAt: new Date() })
      .where(eq(practitioners.id, me.id));
    await tx
      .update(authSessions)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(authSessions.practitionerId, me.id),
          ne(authSessions.id, actor.sessionId ?? "00000000-0000-0000-0000-000000000000"),
        ),
      );
    await appendAuditEvent(
      tx,
      audit(actor, "practitioner.update", { practitionerId: me.id, passwordChanged: true }),
    );
  });
}
