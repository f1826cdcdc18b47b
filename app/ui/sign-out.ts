"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/server/db/client";
import { getCurrentPractitioner } from "@/server/auth/current-practitioner";
import { sessionCookieName } from "@/server/auth/policy";
import { signOut, signOutEverywhere } from "@/server/domain/auth/sessions";
import { endSessionSockets } from "@/server/signalling";

export async function signOutAction() {
  const me = await getCurrentPractitioner();
  if (me) {
    await signOut(await getDb(), me);
    endSessionSockets({ sessionId: me.sessionId ?? undefined });
  }
  (await cookies()).delete(sessionCookieName());
  redirect("/signin");
}

export async function signOutEverywhereAction() {
  const me = await getCurrentPractitioner();
  if (me) {
    await signOutEverywhere(await getDb(), me);
    endSessionSockets({ practitionerId: me.practitionerId });
  }
  (await cookies()).delete(sessionCookieName());
  redirect("/signin");
}
