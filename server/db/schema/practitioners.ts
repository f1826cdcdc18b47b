import {
  bigint,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { PROFESSIONS, ROLES } from "../../model/permissions";
import { departments, facilities } from "./facilities";

export const profession = pgEnum("profession", PROFESSIONS);

export const practitionerRole = pgEnum("practitioner_role", ROLES);

export const practitioners = pgTable(
  "practitioners",
  {
    id: uuid().primaryKey().defaultRandom(),
    loginId: text().notNull(),
    /** scrypt hash in PHC-like form; never logged, never sent to a client. */
    passwordHash: text().notNull(),
    familyName: text().notNull(),
    givenName: text().notNull(),
    familyNameKana: text().notNull(),
    givenNameKana: text().notNull(),
    profession: profession().notNull(),
    facilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    /** The department (診療科) a doctor works in, so a referral names only that department's doctors; null where none applies. */
    departmentId: uuid().references(() => departments.id),
    roles: practitionerRole().array().notNull().default(["staff"]),
    /** Base32 TOTP secret once enrolled (null: not enrolled yet). */
    totpSecret: text(),
    totpEnrolledAt: timestamp({ withTimezone: true }),
    /** Last accepted TOTP time step, so a code cannot be replayed. */
    totpLastTimeStep: bigint({ mode: "number" }),
    failedSignIns: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    disabledAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("practitioners_login_uq").on(t.loginId),
    index("practitioners_facility_idx").on(t.facilityId),
  ],
);

export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: uuid().primaryKey().defaultRandom(),
    practitionerId: uuid()
      .notNull()
      .references(() => practitioners.id),
    /** sha256 of the code; the code itself is shown once at enrolment. */
    codeHash: text().notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("recovery_codes_practitioner_idx").on(t.practitionerId)],
);

/**
 * A sign-in between its two factors: the password was right, the second factor is
 * still owed. Short-lived, attempt-limited, used once.
 */
export const signInChallenges = pgTable("sign_in_challenges", {
  id: uuid().primaryKey().defaultRandom(),
  practitionerId: uuid()
    .notNull()
    .references(() => practitioners.id),
  /** sha256 of the bearer token handed to the browser. */
  tokenHash: text().notNull().unique(),
  purpose: text({ enum: ["verify", "enrol"] }).notNull(),
  /** For enrolment: the secret being enrolled, confirmed by the first code. */
  pendingTotpSecret: text(),
  attempts: integer().notNull().default(0),
  /** Set when the second factor was proven; the challenge can then be exchanged for a session once. */
  verifiedAt: timestamp({ withTimezone: true }),
  ip: text().notNull().default(""),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  usedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Server-side sessions behind the signed session cookie, so idle and absolute
 * timeouts and "sign out everywhere" are enforced on the server.
 */
export const authSessions = pgTable(
  "auth_sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    practitionerId: uuid()
      .notNull()
      .references(() => practitioners.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    userAgent: text().notNull().default(""),
  },
  (t) => [index("auth_sessions_practitioner_idx").on(t.practitionerId)],
);
