import { NotFoundPanel } from "./ui/not-found-panel";

/** Unknown addresses, outside the signed-in shell. */
export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col justify-center px-4">
      <NotFoundPanel />
    </main>
  );
}
