/**
 * The configuration, read from the environment once at start and validated. It is also the
 * injection token: services ask for `AppConfig` and never read `process.env` themselves.
 */
export class AppConfig {
  readonly nodeEnv!: 'development' | 'production' | 'test';
  readonly host!: string;
  readonly port!: number;
  /** PostgreSQL connection string; null means the embedded database under `dataDir`. */
  readonly databaseUrl!: string | null;
  readonly dataDir!: string;
  readonly adminToken!: string;
  /** True when no ADMIN_TOKEN was given and one was generated for this run. */
  readonly adminTokenGenerated!: boolean;
  /** Rehearsal clock start; null means the real clock. */
  readonly clockStart!: Date | null;
  readonly clockRate!: number;
  /** Q&A blocks take questions from this many minutes before their part's first item. */
  readonly qaOpensBeforeMinutes!: number;
  /** The programme imported on first start when the database holds no event; null: none. */
  readonly seedFile!: string | null;
  /** Redis for broadcasts between instances; null: this instance runs alone. */
  readonly redisUrl!: string | null;
  /** Behind a reverse proxy: take the client's address from X-Forwarded-For (rate limits). */
  readonly trustProxy!: boolean;
  /** Origins allowed to open WebSocket connections and call the API from a browser. */
  readonly allowedOrigins!: string[];
  /**
   * Origins whose pages may show ours in a frame (CSP frame-ancestors); empty: no site may.
   * The overlay is opened as a browser source in streaming software, not framed.
   */
  readonly embedOrigins!: string[];
  /** Where the built client is served from; null when it is not built. */
  readonly clientDir!: string | null;
  /** Multiplies the per-address rate limits (a load test sends thousands of viewers from one address). */
  readonly addressRateLimitFactor!: number;
  /**
   * Multiplies the per-participant rate limits. Tests that move the clock by hand send an hour
   * of heartbeats in seconds of real time; a deployment keeps 1.
   */
  readonly participantRateLimitFactor!: number;
  /** `batched` (coalesced counts); `naive` (one count(*) and one message per vote) is the benchmark's baseline. */
  readonly voteFanout!: 'batched' | 'naive';
  readonly logLevel!: 'error' | 'warn' | 'log' | 'debug';
  /** CME attendance records are kept this long after the event's last part, then purged (ACCME: 6). */
  readonly attendanceRetentionYears!: number;
  /** `text` for people reading a terminal; `json` (one object per line) for log shippers. */
  readonly logFormat!: 'text' | 'json';
  /** Bearer token `GET /metrics` asks for; null: the metrics are open (keep the port private then). */
  readonly metricsToken!: string | null;
  /** Questions of events that ended this many days ago are purged; null: kept for good. */
  readonly questionRetentionDays!: number | null;

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }
}
