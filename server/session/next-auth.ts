import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { decode } from "next-auth/jwt";
import { getDb } from "../db/client";
import { isDomainError } from "../errors";
import { openSession } from "../domain/auth/sessions";
import { getAuthSecret } from "../auth/secret";
import { secureCookies, sessionCookieName, signInPolicy } from "../auth/policy";

/**
 * next-auth carries a signed token naming a server-side session (auth_sessions);
 * the session row, not the token, decides whether a request is signed in, so
 * timeouts and "sign out everywhere" take effect at once. The credentials
 * provider only exchanges a sign-in challenge whose two factors were already
 * proven (server/domain/auth) for that session.
 */
export function authOptions(): NextAuthOptions {
  const policy = signInPolicy();
  return {
    secret: getAuthSecret(),
    session: { strategy: "jwt", maxAge: policy.absoluteTimeoutHours * 3600 },
    useSecureCookies: secureCookies(),
    cookies: {
      sessionToken: {
        name: sessionCookieName(),
        options: { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies() },
      },
    },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "OKI-net",
        credentials: { challenge: { label: "challenge", type: "text" } },
        async authorize(credentials, req) {
          const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
          try {
            const session = await openSession(await getDb(), { challenge: credentials?.challenge }, policy, {
              ip: headers["x-real-ip"] ?? "",
              userAgent: headers["user-agent"] ?? "",
            });
            return { id: session.practitionerId, sid: session.sessionId };
          } catch (e) {
            if (isDomainError(e)) return null;
            throw e;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user && "sid" in user) token.sid = user.sid;
        return token;
      },
      // The browser learns nothing from /api/auth/session beyond "signed in until".
      session({ session }) {
        return { expires: session.expires };
      },
    },
  };
}

/** The server-side session id inside a session cookie, or null when the cookie is absent, forged or expired. */
export async function sessionIdFromCookie(raw: string | undefined): Promise<string | null> {
  if (!raw) return null;
  try {
    const token = await decode({ token: raw, secret: getAuthSecret() });
    return typeof token?.sid === "string" ? token.sid : null;
  } catch {
    return null;
  }
}
