"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ComponentProps } from "react";

/** A conference room's own page (not its list, nor a new one's form). */
const CONFERENCE_ROOM = /^\/conferences\/[0-9a-f-]{36}$/;

/**
 * A link of the signed-in shell's navigation. Not prefetched while a conference room is
 * open: Next.js prefetches every visible link once the page is interactive, about a dozen
 * server renders, which came exactly while the entrant's media was being set up and held
 * the node's thread its media requests needed (bench/conference-join.ts: a transport's
 * connect waited 300 ms behind them). A link of the room's page still navigates when
 * clicked; elsewhere links prefetch as before.
 */
export function ShellLink(props: ComponentProps<typeof Link>) {
  const inRoom = CONFERENCE_ROOM.test(usePathname());
  return <Link {...props} {...(inRoom ? { prefetch: false } : {})} />;
}
