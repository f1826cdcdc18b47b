"use client";

import { useSyncExternalStore } from "react";
import { LOCALE_COOKIE_NAME, type ClientLocale } from "./locale-cookie";

const subscribe = () => () => undefined;

function readLocale(): ClientLocale {
  for (const part of document.cookie.split(";")) {
    const [name, value] = part.trim().split("=");
    if (name === LOCALE_COOKIE_NAME) return value === "en" ? "en" : "ja";
  }
  return document.documentElement.lang === "en" ? "en" : "ja";
}

/**
 * The reader's locale on the client (the same cookie the server reads), for
 * error boundaries, which are client components and may render without the
 * root layout. Japanese until the document is there.
 */
export function useDocumentLocale(): ClientLocale {
  return useSyncExternalStore(subscribe, readLocale, () => "ja");
}
