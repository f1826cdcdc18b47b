"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getCurrentPractitioner } from "@/server/session/current-practitioner";
import { sessionCookieName } from "@/server/auth/policy";
import { signOut, signOutEverywhere } from "@/server/domain/auth/sessions";
import { call } from "@/app/lib/call";

export async function signOutAction() {
  const me = await getCurrentPractitioner();
  if (me) {
    // the ended session's sockets are dropped by signalling, which follows the sign-out after commit
    await call(signOut, me);
  }
  (await cookies()).delete(sessionCookieName());
  redirect("/signin");
}

export async function signOutEverywhereAction() {
  const me = await getCurrentPractitioner();
  if (me) {
    await call(signOutEverywhere, me);
  }
  (await cookies()).delete(sessionCookieName());
  redirect("/signin");
}
