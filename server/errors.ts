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
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldIssue {
  field: string;
  message: string;
}

export class DomainError extends Error {
  override name = "DomainError";
  readonly code: ErrorCode;
  readonly fields: FieldIssue[];

  constructor(code: ErrorCode, message: string, fields: FieldIssue[] = []) {
    super(message);
    this.code = code;
    this.fields = fields;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code];
  }

  toJSON(): { code: ErrorCode; message: string; fields: FieldIssue[] } {
    return { code: this.code, message: this.message, fields: this.fields };
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError || (e instanceof Error && e.name === "DomainError" && "code" in e);
}

export const notFound = (what: string) => new DomainError("NOT_FOUND", `${what} not found`);

/** Bad input on one field, with the message shown next to it. */
export const invalidField = (field: string, message: string) =>
  new DomainError("VALIDATION", `Invalid ${field}`, [{ field, message }]);

/** A unique index refused the row (Postgres 23505): a concurrent duplicate, reported as a conflict on `field`. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code === "23505" || err?.cause?.code === "23505";
}

export async function conflictOnDuplicate<T>(
  run: () => Promise<T>,
  field: string,
  message: string,
): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError("CONFLICT", message, [{ field, message }]);
    throw e;
  }
}
