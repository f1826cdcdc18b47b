import { generate, generateSecret, generateURI, verify } from "otplib";

const ISSUER = "OKI-net Collab";

export const newTotpSecret = () => generateSecret({ length: 20 });

export const totpUri = (loginId: string, secret: string) =>
  generateURI({ issuer: ISSUER, label: loginId, secret });

/** For tests and the demo: the code an authenticator app would show now. */
export const currentTotp = (secret: string) => generate({ secret });

/**
 * Accepts the current code or the one 30 s either side (phone clocks drift), and
 * never a time step at or before the last one accepted, so a code is good once.
 */
export async function checkTotp(
  secret: string,
  code: string,
  lastTimeStep: number | null,
): Promise<{ ok: true; timeStep: number } | { ok: false }> {
  if (!/^\d{6}$/.test(code)) return { ok: false };
  const result = await verify({
    secret,
    token: code,
    epochTolerance: 30,
    ...(lastTimeStep !== null ? { afterTimeStep: lastTimeStep } : {}),
  });
  return result.valid && "timeStep" in result ? { ok: true, timeStep: result.timeStep } : { ok: false };
}
