import { readCalendarFeed } from "@/server/domain/pathway-meetings/meeting-calendar";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/**
 * A practitioner's pathway-meeting feed (購読用URL), `/calendar/<token>.ics`, polled
 * by calendar applications without a session: the secret token is the credential.
 * An unknown or revoked token is simply not found.
 */
export async function GET(_req: Request, ctx: { params: Promise<{ feed: string }> }) {
  try {
    const { feed } = await ctx.params;
    const { text, mediaType } = await call(readCalendarFeed, feed.replace(/\.ics$/, ""));
    return new Response(text, {
      headers: {
        "Content-Type": mediaType,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (e) {
    return routeError(e);
  }
}
