"use client";

import { useEffect, useState } from "react";

/**
 * The short word after a send (送信しました、文書番号…), on the document's own page
 * the editor lands on: said once to screen readers (role=status), gone after a
 * few seconds or on a tap, and taken out of the address so a reload or a
 * bookmark does not say it again.
 */
export function SentToast({ text, closeLabel }: { text: string; closeLabel: string }) {
  const [shown, setShown] = useState(true);
  useEffect(() => {
    // the address without ?sent=1, without a new render from the server (Next.js follows replaceState)
    const url = new URL(window.location.href);
    url.searchParams.delete("sent");
    window.history.replaceState(window.history.state, "", url);
    const timer = setTimeout(() => setShown(false), 8000);
    return () => clearTimeout(timer);
  }, []);
  if (!shown) return null;
  return (
    <div
      role="status"
      data-testid="sent-toast"
      className="fixed inset-x-3 bottom-3 z-50 mx-auto flex max-w-md items-center justify-between gap-3 rounded-md bg-green-700 px-4 py-3 text-sm text-white shadow-lg"
    >
      <span>{text}</span>
      <button type="button" className="min-h-11 min-w-11 underline" onClick={() => setShown(false)}>
        {closeLabel}
      </button>
    </div>
  );
}
