"use server";

import { revalidatePath } from "next/cache";
import { authenticate } from "@/server/session/current-practitioner";
import { verifyAuditChainAsOffice, type ChainVerdict } from "@/server/domain/audit/verify-audit-chain";
import { reviewBreakGlass } from "@/server/domain/consent/break-glass";
import { type ActionResult } from "@/app/lib/action-result";
import { runAction } from "@/app/lib/run-action";
import { actionInput, anyObject } from "@/app/lib/action-input";
import { call } from "@/app/lib/call";

/** Walks the whole hash chain (network office only, checked and audited in the domain). */
export async function verifyAuditChainAction(): Promise<ActionResult<ChainVerdict>> {
  return runAction(async () => call(verifyAuditChainAsOffice, await authenticate()));
}

export async function reviewBreakGlassAction(input: { breakGlassId: string }): Promise<ActionResult<null>> {
  return runAction(async () => {
    const me = await authenticate();
    await call(reviewBreakGlass, me, { breakGlassId: actionInput(anyObject, input).breakGlassId });
    revalidatePath("/audit/break-glass");
    return null;
  });
}
