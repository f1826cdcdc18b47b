"use server";

import { headers } from "next/headers";
import QRCode from "qrcode";
import { getDb } from "@/server/db/client";
import { signInPolicy } from "@/server/auth/policy";
import { startSignIn } from "@/server/domain/auth/start-sign-in";
import { verifySecondFactor } from "@/server/domain/auth/verify-second-factor";
import { runAction, type ActionResult } from "../lib/action-result";

async function requestContext() {
  const h = await headers();
  return { ip: h.get("x-real-ip") ?? "", userAgent: h.get("user-agent") ?? "" };
}

export type PasswordStepView =
  | { next: "totp" | "session"; challenge: string }
  | { next: "enrol"; challenge: string; secret: string; qrDataUrl: string };

export async function passwordStepAction(input: {
  loginId: string;
  password: string;
}): Promise<ActionResult<PasswordStepView>> {
  return runAction(async () => {
    const result = await startSignIn(await getDb(), input, signInPolicy(), await requestContext());
    if (result.next !== "enrol") return result;
    const qrDataUrl = await QRCode.toDataURL(result.otpauthUri, { margin: 1, width: 220 });
    return { next: "enrol" as const, challenge: result.challenge, secret: result.secret, qrDataUrl };
  });
}

export async function secondFactorAction(input: {
  challenge: string;
  code: string;
}): Promise<ActionResult<{ recoveryCodes: string[] | null }>> {
  return runAction(async () =>
    verifySecondFactor(await getDb(), input, signInPolicy(), await requestContext()),
  );
}
