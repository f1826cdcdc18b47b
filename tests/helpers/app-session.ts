import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { generate } from "otplib";
import { signInPolicy } from "../../server/auth/policy";
import { openSession } from "../../server/domain/auth/sessions";
import { startSignIn } from "../../server/domain/auth/start-sign-in";
import { verifySecondFactor } from "../../server/domain/auth/verify-second-factor";
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from "../../server/demo/seed/seed-demo-data";
import type { RunningApp } from "./app";

/** The AUTH_SECRET to start the app with, so that the test can sign session cookies the app accepts. */
export const appAuthSecret = () => randomBytes(32).toString("base64url");

/**
 * A demo user's session cookie for a running app, as a browser would hold it
 * after both factors: the sign-in use cases run on the app's database, the
 * token is signed with the app's secret. Over plain http the cookie has no
 * __Secure- prefix.
 */
export async function demoSessionCookie(app: RunningApp, authSecret: string, loginId: string) {
  const db = app.database.db;
  const policy = signInPolicy();
  const req = { ip: "127.0.0.1", userAgent: "test" };
  const step = await startSignIn(db, { loginId, password: DEMO_PASSWORD }, policy, req);
  if (step.next === "totp") {
    // one code per time step: a second sign-in of the same user in the same step would be a replay
    await db.execute(sql`update practitioners set totp_last_time_step = null where login_id = ${loginId}`);
    await verifySecondFactor(
      db,
      { challenge: step.challenge, code: await generate({ secret: DEMO_TOTP_SECRET }) },
      policy,
      req,
    );
  }
  const session = await openSession(db, { challenge: step.challenge }, policy, req);
  const token = await encode({ token: { sid: session.sessionId }, secret: authSecret });
  return `okinet.session=${token}`;
}
