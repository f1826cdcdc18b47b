import { AsyncLocalStorage } from "node:async_hooks";
import { format } from "node:util";
import pino, { type Logger } from "pino";
import { prettyFactory } from "pino-pretty";
import { serializeError, withoutQueryText } from "./log-redact";

export { serializeError, withoutQueryText };

/**
 * The process's one logger. JSON lines in production (for journald or a log
 * shipper), readable lines in development. Every line written while an HTTP
 * request or a socket event is handled carries its request id.
 *
 * Nothing a person typed may reach a line: no patient names, no query strings,
 * no chat or other free text, no SQL parameters. Errors pass through
 * `serializeError`, which keeps their kind and codes and drops what can carry
 * data (drizzle's "Failed query: ... params: ..." text, Postgres messages that
 * quote a value).
 */

// The custom server and the Next.js bundle each load this module: one context,
// one sink and one logger per process, kept on globalThis (as the database is).
const KEY = Symbol.for("okinet.log");
interface LogState {
  context: AsyncLocalStorage<{ reqId: string }>;
  sink: (line: string) => void;
  logger?: Logger;
}
const state: LogState = ((globalThis as { [KEY]?: LogState })[KEY] ??= {
  context: new AsyncLocalStorage<{ reqId: string }>(),
  sink: (line) => {
    process.stdout.write(line);
  },
});
const context = state.context;

/** Runs `fn` with `reqId` on every line logged inside it, across awaits. */
export function withRequestId<T>(reqId: string, fn: () => T): T {
  return context.run({ reqId }, fn);
}

export function currentRequestId(): string | undefined {
  return context.getStore()?.reqId;
}

const pretty =
  (process.env.LOG_FORMAT ?? (process.env.NODE_ENV === "production" ? "json" : "pretty")) === "pretty"
    ? prettyFactory({
        colorize: process.stdout.isTTY,
        translateTime: "SYS:HH:MM:ss.l",
        ignore: "pid,hostname",
      })
    : undefined;

function createLogger(): Logger {
  // where lines go: stdout (made readable in development) unless a test captures them
  state.sink = (line) => {
    process.stdout.write(pretty ? pretty(line) : line);
  };
  return pino(
    {
      level: process.env.LOG_LEVEL ?? "info",
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: serializeError, error: serializeError },
      mixin: () => {
        const reqId = currentRequestId();
        return reqId ? { reqId } : {};
      },
      hooks: {
        // a message string built from an error's text is cleaned like the error itself
        logMethod(args, method) {
          const cleaned = args.map((a) => (typeof a === "string" ? withoutQueryText(a) : a));
          method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
    },
    {
      write(line: string) {
        state.sink(line);
      },
    },
  );
}

export const log: Logger = (state.logger ??= createLogger());

/** For tests: every JSON line logged until `stop()`; nothing reaches stdout meanwhile. */
export function captureLogs(): { lines: string[]; stop(): void } {
  const lines: string[] = [];
  const previous = state.sink;
  state.sink = (line) => {
    lines.push(line);
  };
  return {
    lines,
    stop: () => {
      state.sink = previous;
    },
  };
}

function consoleLine(args: unknown[]): { err?: unknown; text: string } {
  const error = args.find((a) => a instanceof Error);
  const rest = args.filter((a) => a !== error);
  // format() would print an error's message, stack and cause; errors go through serializeError instead
  return {
    // serialized by the logger's `err` serializer
    err: error,
    text: withoutQueryText(
      format(...rest.map((a) => (typeof a === "object" && a !== null ? "[object]" : a))),
    ),
  };
}

/**
 * Next.js and libraries write to console themselves (Next prints an error thrown by
 * a page or an action with its message and cause: a drizzle error's SQL and
 * parameters). Routed through the logger, those lines get the same treatment.
 */
export function routeConsoleToLogger(): void {
  const route =
    (level: "debug" | "info" | "warn" | "error") =>
    (...args: unknown[]) => {
      const { err, text } = consoleLine(args);
      if (err) log[level]({ err }, text.trim());
      else log[level](text.trim());
    };
  console.log = route("info");
  console.info = route("info");
  console.warn = route("warn");
  console.error = route("error");
  console.debug = route("debug");
}
