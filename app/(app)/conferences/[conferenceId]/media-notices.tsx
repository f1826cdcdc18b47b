/** What the stage says about itself: sending nothing, a device problem, a recovery, a media problem. */
export function MediaNotices({
  receiveOnly,
  deviceProblem,
  notice,
  problem,
}: {
  /** said when the participant may send but chose no device */
  receiveOnly: string | null;
  deviceProblem: string | null;
  notice: string | null;
  problem: string | null;
}) {
  return (
    <>
      {receiveOnly && (
        <p className="text-sm text-slate-600" data-testid="receive-only">
          {receiveOnly}
        </p>
      )}
      {deviceProblem && (
        <p
          role="alert"
          className="rounded-md bg-amber-50 p-2 text-sm text-amber-900"
          data-testid="media-device-problem"
        >
          {deviceProblem}
        </p>
      )}
      {notice && (
        <p role="status" className="rounded-md bg-sky-50 p-2 text-sm text-sky-900" data-testid="media-notice">
          {notice}
        </p>
      )}
      {problem && (
        <p
          role="alert"
          className="rounded-md bg-amber-50 p-2 text-sm text-amber-900"
          data-testid="media-problem"
        >
          {problem}
        </p>
      )}
    </>
  );
}
