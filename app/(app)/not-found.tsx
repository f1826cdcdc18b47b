import { NotFoundPanel } from "../ui/not-found-panel";

/** notFound() in a signed-in page: the shell (navigation, bell) stays around the message. */
export default function AppNotFound() {
  return <NotFoundPanel />;
}
