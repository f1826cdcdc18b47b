import { z } from "zod";
import path from "node:path";
import { parseTrustedProxies } from "./http/proxy";

/**
 * Every setting the app reads, parsed once. A bad value stops start-up with a
 * message naming the variable, never a half-configured server.
 */
const boolish = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off"])
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Public origin users reach, e.g. https://collab.okinet.example; defaults to http(s)://HOST:PORT */
  PUBLIC_URL: z.url().optional(),
  /** HTTPS and WSS on PORT: the certificate (PEM, a chain is fine) and its private key; both or neither. */
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  /** A plain-HTTP listener that only redirects to the https origin (e.g. 80 beside 443). */
  HTTP_REDIRECT_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /**
   * Reverse proxies whose X-Forwarded-For/-Proto/-Host and X-Request-Id are believed
   * (IPs or CIDR ranges, comma-separated). Unset: none; the peer is the client.
   */
  TRUSTED_PROXIES: z
    .string()
    .refine((v) => {
      try {
        parseTrustedProxies(v);
        return true;
      } catch {
        return false;
      }
    }, "IP addresses or CIDR ranges, comma-separated (e.g. 127.0.0.1,10.0.0.0/8)")
    .optional(),
  /** SIGTERM: how long draining may take before the process exits regardless. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** json: one JSON object a line (the default in production); pretty: readable (the default otherwise). */
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  /**
   * Unset: embedded PGlite in DATA_DIR. Set: Postgres, through node-postgres (TCP; TLS
   * with `?sslmode=require` or `verify-full`) or, for Neon's endpoints, the Neon driver.
   */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  /**
   * "pg" (node-postgres over TCP) or "neon" (the Neon driver over WebSocket). Unset:
   * "neon" for *.neon.tech, "pg" for every other host.
   */
  DATABASE_DRIVER: z.enum(["pg", "neon"]).optional(),
  /**
   * How the Neon driver reaches a Postgres that is not Neon (DATABASE_DRIVER=neon): "inprocess" starts the
   * project's WebSocket-to-TCP relay inside this process; a ws:// URL names a relay
   * elsewhere; unset talks to Neon's own WebSocket endpoint.
   */
  DATABASE_WS_RELAY: z.union([z.literal("inprocess"), z.string().regex(/^wss?:\/\//)]).optional(),
  DATA_DIR: z.string().min(1).default(path.join(process.cwd(), "data")),
  /** Secret for signing session tokens; generated into DATA_DIR in development when unset. */
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Two-factor sign-in; on unless a deployment explicitly turns it off. */
  AUTH_REQUIRE_TOTP: boolish.default(true),
  AUTH_IDLE_TIMEOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  AUTH_ABSOLUTE_TIMEOUT_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  /**
   * Wrong passwords from one address (or one trusted device) for one login ID before
   * each further attempt must wait (1 s, doubling); also wrong second-factor codes
   * before the account locks (only someone who knows the password gets that far).
   */
  AUTH_MAX_FAILED_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  /** The longest wait between password attempts once delayed; how long a second-factor lock lasts. */
  AUTH_LOCKOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** Password attempts a minute from one client address (a trusted device has its own budget). */
  AUTH_SIGNIN_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(60),
  /**
   * Requests (pages, server actions, routes) one signed-in session may make at once, then a
   * second, on this node; past it they are refused with 429 / RATE_LIMITED before any work.
   * A person clicking never meets it, nor the image viewer loading a 300-slice series with its
   * thumbnails at once (one request per frame); a script looping on one session does.
   */
  SESSION_REQUEST_BURST: z.coerce.number().int().min(10).max(100_000).default(1000),
  SESSION_REQUESTS_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(50),
  BREAK_GLASS_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
  CONSENT_DOCUMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  /** A referral with no answer from its destination after this many days is flagged overdue on both sides. */
  REFERRAL_OVERDUE_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** Largest referral attachment (documents, images, DICOM files). */
  REFERRAL_ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(200 * 1024 * 1024)
    .default(30 * 1024 * 1024),
  /** Shared records: how long one facility may take to answer the timeline (all its requests together). */
  RECORD_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(4000),
  /** Largest FHIR JSON response read from a facility; counted while streaming, aborted past it. */
  RECORD_FETCH_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(2 * 1024 * 1024),
  /** How long an image or document fetched from a facility is served from the on-disk cache. */
  RECORD_CACHE_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  /** Largest single image or document fetched through the cache. */
  RECORD_ITEM_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(4 * 1024 * 1024 * 1024)
    .default(200 * 1024 * 1024),
  /** Conference warm-up of images: the newest studies of each agenda patient it fetches into the record cache. */
  IMAGING_WARM_STUDIES_PER_PATIENT: z.coerce.number().int().min(0).max(20).default(3),
  /** Conference warm-up of images: the most one warm-up writes to the record cache (whole studies only). */
  IMAGING_WARM_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(64 * 1024 * 1024 * 1024)
    .default(2 * 1024 * 1024 * 1024),
  /** A disc (CD/DVD) brought for a reading request: the most its files may total; refused past it, while streaming too. */
  READING_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .max(16 * 1024 * 1024 * 1024)
    .default(1024 * 1024 * 1024),
  /** How long an uploaded disc waits in staging for its check and confirmation before it is removed. */
  READING_UPLOAD_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  /** Staging folder of uploaded discs (default DATA_DIR/reading-uploads); one folder per upload. */
  READING_UPLOAD_DIR: z.string().min(1).optional(),
  /** The demo record server (server/demo/records): on by default whenever demo data is. */
  DEMO_RECORDS: boolish.optional(),
  /** Its port (0: any free port); the seed writes the matching URLs into the hospitals. */
  DEMO_RECORDS_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  /** The address the seed writes for it, when browsers reach it elsewhere than http://127.0.0.1:PORT. */
  DEMO_RECORDS_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Size of the large synthetic image each demo imaging study offers. */
  DEMO_RECORDS_IMAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(24 * 1024 * 1024),
  /** The demo hospitals' PACS (server/demo/pacs: Orthanc with synthetic studies): on whenever the demo record server is. */
  DEMO_PACS: boolish.optional(),
  /** mediasoup workers (one per core by default). */
  SFU_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  /** Address the SFU listens on for WebRTC (all interfaces by default). */
  SFU_LISTEN_IP: z.ipv4().or(z.ipv6()).default("0.0.0.0"),
  /** Address (IP or name) announced to browsers; default: PUBLIC_URL's host, see README. */
  SFU_ANNOUNCED_ADDRESS: z.string().min(1).optional(),
  /**
   * WebRTC port of the first mediasoup worker (UDP and TCP); worker i uses SFU_RTC_PORT + i.
   * 0: each worker picks free ports (tests that run several servers on one machine).
   */
  SFU_RTC_PORT: z.coerce
    .number()
    .int()
    .refine((p) => p === 0 || (p >= 1024 && p <= 65535), "0 or a port from 1024 to 65535")
    .default(40000),
  /** TURN for networks that block UDP and TCP to the SFU: comma-separated turn:/turns: URLs. */
  TURN_URLS: z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((u) => u.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^turns?:[^\s]+$/, "each URL must start with turn: or turns:")).min(1))
    .optional(),
  /** Shared secret with the TURN server (coturn's static-auth-secret) for time-limited credentials. */
  TURN_SECRET: z.string().min(16, "at least 16 characters").optional(),
  /**
   * Several app nodes: socket.io events cross nodes through Redis (pub/sub). Unset: one
   * node with the in-memory adapter. A conference's media stays on one node; see README.
   */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .optional(),
  /** Pub/sub channel prefix: deployments (or test runs) sharing one Redis stay apart. */
  REDIS_CHANNEL_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,64}$/, "letters, digits and . _ : - only, at most 64")
    .default("okinet-collab"),
  /**
   * This app node's name among several (with REDIS_URL): recorded as the host of the
   * conferences whose media it carries, and what the balancer routes `?node=` on
   * (README, "Several nodes"). Unset: the machine's host name and PORT.
   */
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, "letters, digits and . _ - only, at most 64")
    .optional(),
  /** How long a conference stays recorded on a node that stopped renewing it (a dead node), in seconds. */
  CONFERENCE_LEASE_SECONDS: z.coerce.number().int().min(2).max(300).default(15),
  /** Demo mode shows the demo users' TOTP secret on the sign-in page. On by default only for PGlite. */
  DEMO_MODE: boolish.optional(),
  /** Seed demo data on first start of an empty database. */
  SEED_DEMO_DATA: boolish.optional(),
  /**
   * The database owner's URL, used only to run migrations and grant DATABASE_URL's
   * role what the app needs (and no more: no ownership, no UPDATE/DELETE/TRUNCATE on
   * the audit log). Unset: migrations run as DATABASE_URL's role, which then owns
   * the tables and could rewrite the audit log (see README, "Audit log integrity").
   */
  DATABASE_MIGRATION_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  /**
   * Keys of the audit chain's HMAC, outside the database: "id:base64url,id:base64url"
   * (at least 32 bytes each); the last one signs new events, the others still verify
   * older ones. Unset: AUDIT_KEY_FILE, generated in development.
   */
  AUDIT_KEYS: z.string().min(1).optional(),
  /** The same as a file, one "id:key" per line (default DATA_DIR/audit-keys). */
  AUDIT_KEY_FILE: z.string().min(1).optional(),
  /** Append-only, signed record of the chain's head (default DATA_DIR/audit-checkpoints.jsonl). */
  AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
  AUDIT_CHECKPOINT_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /**
   * How often the chaining writer links committed audit events into the hash chain
   * (server/domain/audit/link-audit-events.ts): the window in which an event is
   * durable but not yet chained.
   */
  AUDIT_LINK_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
  /** Also send each checkpoint to syslog (logger(1), facility authpriv). */
  AUDIT_CHECKPOINT_SYSLOG: boolish.default(false),
});

export type Env = z.infer<typeof EnvSchema> & {
  DEMO_MODE: boolean;
  SEED_DEMO_DATA: boolean;
  DEMO_RECORDS: boolean;
  DEMO_PACS: boolean;
};

export class EnvError extends Error {
  override name = "EnvError";
}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid settings:\n${lines.join("\n")}`);
  }
  if (Boolean(result.data.TLS_CERT_FILE) !== Boolean(result.data.TLS_KEY_FILE))
    throw new EnvError(
      "Invalid settings:\n  TLS_CERT_FILE, TLS_KEY_FILE: set both (HTTPS) or neither (plain HTTP)",
    );
  if (Boolean(result.data.TURN_URLS) !== Boolean(result.data.TURN_SECRET))
    throw new EnvError("Invalid settings:\n  TURN_URLS, TURN_SECRET: set both (TURN) or neither");
  if (result.data.SFU_RTC_PORT + (result.data.SFU_WORKERS ?? 1) - 1 > 65535)
    throw new EnvError(
      "Invalid settings:\n  SFU_RTC_PORT: SFU_RTC_PORT + SFU_WORKERS - 1 must be at most 65535",
    );
  const embedded = !result.data.DATABASE_URL;
  const seedDemoData = result.data.SEED_DEMO_DATA ?? embedded;
  return {
    ...result.data,
    DEMO_MODE: result.data.DEMO_MODE ?? embedded,
    SEED_DEMO_DATA: seedDemoData,
    DEMO_RECORDS: result.data.DEMO_RECORDS ?? seedDemoData,
    DEMO_PACS: result.data.DEMO_PACS ?? result.data.DEMO_RECORDS ?? seedDemoData,
  };
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
