"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/server/db/client";
import { getCurrentPractitioner } from "@/server/session/current-practitioner";
import { sessionCookieName } from "@/server/auth/policy";
import { signOut, signOutEverywhere } from "@/server/domain/auth/sessions";

export async function signOutAction() {
  const me = await getCurrentPractitioner();
  if (me) {
    // the ended session's sockets are dropped by signalling, which follows the sign-out after commit
    await signOut(await getDb(), me);
  }
  (await cookies()).delete(sessionCookieName());
  redirect("/signin");
}

export async function signOutEverywhereAction() {
  const me = await getCurrentPractitioner();
  if (me) {
    await signOutEverywhere(await getDb(), me);
  }
  (await cookies()).delete(sessionCookieName());
  redirect("/signin");
}
