"use server";

import { revalidatePath } from "next/cache";
import { authenticate } from "@/server/session/current-practitioner";
import { getDb } from "@/server/db/client";
import { verifyAuditChainAsOffice, type ChainVerdict } from "@/server/domain/audit/verify-audit-chain";
import { reviewBreakGlass } from "@/server/domain/consent/break-glass";
import { runAction, type ActionResult } from "@/app/lib/action-result";
import { actionInput, anyObject } from "@/app/lib/action-input";

/** Walks the whole hash chain (network office only, checked and audited in the domain). */
export async function verifyAuditChainAction(): Promise<ActionResult<ChainVerdict>> {
  return runAction(async () => verifyAuditChainAsOffice(await getDb(), await authenticate()));
}

export async function reviewBreakGlassAction(input: { breakGlassId: string }): Promise<ActionResult<null>> {
  return runAction(async () => {
    const me = await authenticate();
    await reviewBreakGlass(await getDb(), me, { breakGlassId: actionInput(anyObject, input).breakGlassId });
    revalidatePath("/audit/break-glass");
    return null;
  });
}
