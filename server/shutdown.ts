import { log } from "./log";

export interface DrainStep {
  name: string;
  run(): unknown;
}

/**
 * Runs the steps of a shutdown in order within one deadline. A step that hangs (a
 * database that no longer answers, a peer that never closes) is given up on when
 * its share of the time is spent, so the steps after it still run and the process
 * exits on time. Resolves with the names of the steps that did not finish.
 */
export async function drain(steps: DrainStep[], deadline: number): Promise<string[]> {
  const unfinished: string[] = [];
  for (const [i, step] of steps.entries()) {
    const remaining = deadline - Date.now();
    // a hung step may take the time left divided among it and the steps still to come, at least 100 ms
    const budget = Math.max(100, Math.floor(remaining / (steps.length - i)));
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      Promise.resolve()
        .then(() => step.run())
        .then(
          () => true,
          (err: unknown) => {
            log.warn({ err, step: step.name }, "[shutdown] step failed; continuing");
            return true;
          },
        ),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), budget);
      }),
    ]);
    clearTimeout(timer);
    if (!finished) {
      unfinished.push(step.name);
      log.warn({ step: step.name, ms: budget }, "[shutdown] step did not finish in time; continuing");
    }
  }
  return unfinished;
}
