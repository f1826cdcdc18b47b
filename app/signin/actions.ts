"use server";

import { cookies, headers } from "next/headers";
import QRCode from "qrcode";
import { secureCookies, signInPolicy } from "@/server/auth/policy";
import {
  DEVICE_COOKIE_MAX_AGE_SECONDS,
  deviceCookieName,
  rememberDevice,
  trustedDeviceFor,
} from "@/server/auth/device-cookie";
import { startSignIn } from "@/server/domain/auth/start-sign-in";
import { verifySecondFactor } from "@/server/domain/auth/verify-second-factor";
import { type ActionResult } from "../lib/action-result";
import { runAction } from "../lib/run-action";
import { call } from "@/app/lib/call";

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
    const jar = await cookies();
    const deviceCookie = jar.get(deviceCookieName())?.value;
    const loginId = typeof input?.loginId === "string" ? input.loginId.trim() : "";
    const result = await call(startSignIn, input, signInPolicy(), {
      ...(await requestContext()),
      trustedDevice: trustedDeviceFor(deviceCookie, loginId),
    });
    // the password was right: this browser becomes a trusted device for this login ID
    jar.set(deviceCookieName(), rememberDevice(deviceCookie, loginId), {
      httpOnly: true,
      sameSite: "strict",
      secure: secureCookies(),
      path: "/",
      maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
    });
    if (result.next !== "enrol") return result;
    const qrDataUrl = await QRCode.toDataURL(result.otpauthUri, { margin: 1, width: 220 });
    return { next: "enrol" as const, challenge: result.challenge, secret: result.secret, qrDataUrl };
  });
}

export async function secondFactorAction(input: {
  challenge: string;
  code: string;
}): Promise<ActionResult<{ recoveryCodes: string[] | null }>> {
  return runAction(async () => call(verifySecondFactor, input, signInPolicy(), await requestContext()));
}
