import {
  translate,
  unpackMessage,
  type MessageInput,
  type MessageKey,
  type MessageLocale,
  type MessageParams,
} from "./model/messages";

/**
 * Expected outcomes of a use case, as a closed set of codes. Every transport maps
 * them in one place (httpStatus / the socket ack), so a denied read is a 403
 * everywhere and bad input is a 400 naming the field, never a 500.
 */
export const ERROR_CODES = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  MFA_REQUIRED: 401,
  FORBIDDEN: 403,
  CONSENT_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  LOCKED: 423,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  /** A facility's own system answered wrongly or not at all (shared records fetched through our server). */
  UPSTREAM_FAILED: 502,
  UPSTREAM_TIMEOUT: 504,
  /** This server cannot answer yet (it is still starting). */
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export { msg, type Msg, type MessageKey, type MessageInput, type MessageParams } from "./model/messages";

/** One field's refusal on the wire: the field, a message key and its parameters (never a sentence). */
export interface FieldIssue {
  field: string;
  message: MessageKey;
  params?: MessageParams;
}

/** A field's refusal as the domain writes it: `{ field: "diagnosis", message: msg("…") }`. */
export interface FieldIssueInput {
  field: string;
  message: MessageInput;
}

/** What a DomainError carries to a transport, which translates it into the reader's language. */
export interface DomainErrorJSON {
  code: ErrorCode;
  message: MessageKey;
  params?: MessageParams;
  fields: FieldIssue[];
}

/** An error as a reader sees it: the code, and each message in their language. */
export interface TranslatedError {
  code: ErrorCode | "INTERNAL";
  message: string;
  fields: { field: string; message: string }[];
}

/** Where a transport hands an error to a person: the keys become text in their language. */
export function translateError(locale: MessageLocale, e: DomainErrorJSON): TranslatedError {
  return {
    code: e.code,
    message: translate(locale, { key: e.message, params: e.params }),
    fields: e.fields.map((f) => ({
      field: f.field,
      message: translate(locale, { key: f.message, params: f.params }),
    })),
  };
}

function issue(f: FieldIssueInput | FieldIssue): FieldIssue {
  const unpacked = unpackMessage(f.message);
  const params = unpacked.params ?? ("params" in f ? f.params : undefined);
  return params
    ? { field: f.field, message: unpacked.key, params }
    : { field: f.field, message: unpacked.key };
}

export class DomainError extends Error {
  override name = "DomainError";
  readonly code: ErrorCode;
  /** The message's key (also Error.message, so a log line shows a key, never a sentence). */
  readonly key: MessageKey;
  readonly params?: MessageParams;
  readonly fields: FieldIssue[];

  constructor(code: ErrorCode, message: MessageInput, fields: (FieldIssueInput | FieldIssue)[] = []) {
    const { key, params } = unpackMessage(message);
    super(key);
    this.code = code;
    this.key = key;
    if (params) this.params = params;
    this.fields = fields.map(issue);
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code];
  }

  toJSON(): DomainErrorJSON {
    return {
      code: this.code,
      message: this.key,
      ...(this.params ? { params: this.params } : {}),
      fields: this.fields,
    };
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError || (e instanceof Error && e.name === "DomainError" && "code" in e);
}

export const notFound = (message: MessageInput = "common.notFound") => new DomainError("NOT_FOUND", message);

/** Bad input on one field, with the message shown next to it (the error's own message is the same). */
export const invalidField = (field: string, message: MessageInput) =>
  new DomainError("VALIDATION", message, [{ field, message }]);

/** A unique index refused the row (Postgres 23505): a concurrent duplicate, reported as a conflict on `field`. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code === "23505" || err?.cause?.code === "23505";
}

export async function conflictOnDuplicate<T>(
  run: () => Promise<T>,
  field: string,
  message: MessageInput,
): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError("CONFLICT", message, [{ field, message }]);
    throw e;
  }
}
