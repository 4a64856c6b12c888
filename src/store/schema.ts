// Table types for the typed query builder; the migrations in migrations.ts create exactly these.

export interface TokensTable {
  id: string;
  name: string;
  /** First 16 hex digits of sha256(token): an index, not a secret. */
  lookup: string;
  /** Full sha256(token) in hex, compared in constant time. */
  hash: string;
  /** JSON array of permissions. */
  permissions: string;
  app_id: string | null;
  created_at: string;
  expires_at: string | null;
  /** The user the token acts for (its permissions are capped by the user's roles), or null for a machine token. */
  user_id: string | null;
}

export interface UsersTable {
  id: string;
  /** Lower-cased. */
  email: string;
  /** scrypt$N$r$p$salt$hash (base64url). */
  password_hash: string;
  /** 1 for platform admins. */
  platform_admin: number;
  created_at: string;
}

export interface AppMembersTable {
  app_id: string;
  user_id: string;
  /** owner, admin, deployer or viewer. */
  role: string;
  created_at: string;
}

export interface AppsTable {
  id: string;
  name: string;
  created_at: string;
  release_seq: number;
  config_seq: number;
  build_seq: number;
  /** Numbers one-off processes (run.N, scheduler.N, release.N). */
  process_seq: number;
  cron_seq: number;
  /** The one branch a git push deploys (default main). */
  deploy_branch: string;
  /** 1 while the app is in maintenance mode: the router answers its requests with a 503 page. */
  maintenance: number;
  /** JSON array of the app's enabled features (`fifteen features:enable`); optional so other writers need not name it. */
  features?: string;
  /** The app's own uid and gid for its processes and builds, allocated on first use (null until then). */
  uid: number | null;
}

export interface ConfigVersionsTable {
  app_id: string;
  version: number;
  /** JSON object of key → encrypted value (each value sealed with its own nonce). */
  vars: string;
  /** JSON array of the keys kept from builds (`config:set --runtime-only`), or null for none; optional so other writers need not name it. */
  runtime_only?: string | null;
  description: string;
  /**
   * The release this change made (none on an app not deployed yet); while that release is failed, the change
   * does not count (optional so other writers need not name it).
   */
  release_version?: number | null;
  created_by: string;
  created_at: string;
}

export interface SourcesTable {
  id: string;
  app_id: string;
  kind: "git" | "tarball";
  digest: string;
  commit: string | null;
  size: number;
  created_by: string;
  created_at: string;
}

export interface BuildsTable {
  id: string;
  app_id: string;
  number: number;
  source_id: string;
  status: "queued" | "running" | "succeeded" | "failed" | "canceled";
  buildpack: string | null;
  slug_digest: string | null;
  error_code: string | null;
  error: string | null;
  release_version: number | null;
  created_by: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface ReleasesTable {
  id: string;
  app_id: string;
  version: number;
  slug_digest: string;
  source_digest: string | null;
  commit: string | null;
  config_version: number;
  /** JSON object of process type → command. */
  process_types: string;
  buildpack: string | null;
  build_id: string | null;
  description: string;
  status: "pending" | "succeeded" | "failed";
  rollback_of: number | null;
  /** Set on a promotion only: the app and release whose slug it copied (optional so other writers need not name it). */
  promoted_from_app?: string | null;
  promoted_from_release?: number | null;
  /** The app manifest (fifteen.json) as validated JSON, or null without one; optional so other writers need not name it. */
  manifest?: string | null;
  /** Why the release failed to go live, when status is failed. */
  failure: string | null;
  /** A failed release's last output lines (JSON array of strings), when a process of it printed any. */
  failure_output?: string | null;
  created_by: string;
  created_at: string;
}

export interface FormationTable {
  app_id: string;
  type: string;
  quantity: number;
  updated_at: string;
}

/** Memory limit per process type, set with ps:resize; a type without a row gets the platform default. */
/** Disk sizes set per process type (ps:resize --disk); types without a row get FIFTEEN_DISK_LIMIT. */
export interface FormationDisksTable {
  app_id: string;
  type: string;
  disk_mb: number;
  updated_at: string;
}

export interface FormationSizesTable {
  app_id: string;
  type: string;
  memory_mb: number;
  updated_at: string;
}

export interface AuditLogTable {
  /** 1, 2, 3…: the order of the chain. */
  seq: number;
  time: string;
  /** The token's name, or "anonymous" for a request without a valid token. */
  actor: string;
  token_id: string | null;
  /** `METHOD /route/:template`. */
  action: string;
  /** The app (or other resource) the request named, if any. */
  target: string | null;
  source_ip: string;
  /** "allowed" or "denied". */
  outcome: string;
  status: number;
  /** The hash of the entry before (64 zeros for the first). */
  prev_hash: string;
  /** sha256 over prev_hash and this entry's fields. */
  hash: string;
}

export interface DrainsTable {
  id: string;
  app_id: string;
  /** The full URL, sealed: it may carry credentials. */
  url: string;
  /** The URL with credentials and query values masked, for listings. */
  display_url: string;
  created_at: string;
  delivered: number;
  dropped: number;
  last_error: string | null;
  last_error_at: string | null;
  last_delivered_at: string | null;
}

export interface WebhooksTable {
  id: string;
  app_id: string;
  /** The full URL, sealed: it may carry credentials. */
  url: string;
  /** The URL with credentials and query values masked, for listings. */
  display_url: string;
  /** The signing secret, sealed. */
  secret: string;
  /** JSON array of event names (build, release, formation, crash, addon). */
  events: string;
  created_by: string;
  created_at: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  app_id: string;
  /** The payload's id: the same for every webhook that got this event. */
  event_id: string;
  event: string;
  action: string;
  /** The exact JSON body, sent byte for byte on every attempt. */
  payload: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  /** When a pending delivery is tried next. */
  next_attempt_at: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface WebhookAttemptsTable {
  delivery_id: string;
  /** 1, 2, 3… per delivery. */
  number: number;
  at: string;
  /** The receiver's HTTP status; null when no answer came (the error says why). */
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface DomainsTable {
  hostname: string;
  app_id: string;
  created_at: string;
}

/** One TLS certificate per host name (a custom domain or NAME.localhost) of an app. */
export interface CertificatesTable {
  hostname: string;
  app_id: string;
  /** The PEM chain as uploaded (leaf first); public. */
  cert_pem: string;
  /** The PEM private key, sealed with the master key (the Sealer): re-encrypt it on key rotation. */
  key_sealed: string;
  created_at: string;
}

export interface CronJobsTable {
  id: string;
  app_id: string;
  /** Per app, what `cron:remove N` takes. */
  number: number;
  /** Five cron fields (six with seconds when FIFTEEN_CRON_SECONDS allows it). */
  schedule: string;
  /** IANA time zone the schedule is read in. */
  timezone: string;
  /** JSON array: the argv, or one element run by /bin/sh -c. */
  command: string;
  created_by: string;
  created_at: string;
  last_run_at: string | null;
  last_process: string | null;
  /** "exit 0", "SIGKILL", "skipped: …", or "running". */
  last_outcome: string | null;
  /** 1 for a job of the app manifest (fifteen.json), which deploys add and remove; 0 for cron:add's. */
  from_manifest?: number;
}

export interface AddonsTable {
  id: string;
  /** Global, e.g. shop-db-1234. */
  name: string;
  kind: string;
  /** The app that created it; destroying that app destroys it. */
  owner_app_id: string;
  /** JSON of what the provider made (database, role, user, prefix, server): no secrets. */
  resource: string;
  /** Sealed JSON { url, vars }: the credentials apps get. */
  secret: string;
  created_by: string;
  created_at: string;
  rotated_at: string | null;
}

export interface AddonAttachmentsTable {
  addon_id: string;
  app_id: string;
  /** The variable prefix in that app: DATABASE → DATABASE_URL. */
  alias: string;
  created_at: string;
}

export interface PipelinesTable {
  id: string;
  name: string;
  created_by: string;
  created_at: string;
}

export interface PipelineAppsTable {
  /** The primary key: an app is in at most one pipeline. */
  app_id: string;
  pipeline_id: string;
  stage: "development" | "staging" | "production";
  created_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface Database {
  tokens: TokensTable;
  users: UsersTable;
  app_members: AppMembersTable;
  apps: AppsTable;
  config_versions: ConfigVersionsTable;
  sources: SourcesTable;
  builds: BuildsTable;
  releases: ReleasesTable;
  settings: SettingsTable;
  formation: FormationTable;
  formation_sizes: FormationSizesTable;
  formation_disks: FormationDisksTable;
  domains: DomainsTable;
  certificates: CertificatesTable;
  cron_jobs: CronJobsTable;
  addons: AddonsTable;
  addon_attachments: AddonAttachmentsTable;
  drains: DrainsTable;
  audit_log: AuditLogTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  pipelines: PipelinesTable;
  pipeline_apps: PipelineAppsTable;
}
