// The one error type and its code table: every failure a user can see has a code, an HTTP status and a fix.

export interface ErrorSpec {
  readonly status: number;
  /** What the code means, as listed in docs/errors.md. */
  readonly summary: string;
}

export const ERRORS = {
  AUTH_REQUIRED: { status: 401, summary: "No valid token was sent. Log in with `fifteen login --token T`." },
  FORBIDDEN: { status: 403, summary: "The token is valid but lacks the permission this request needs." },
  BRANCH_INVALID: { status: 422, summary: "Not a usable git branch name for a deploy branch." },
  TOKEN_INVALID: { status: 422, summary: "A token name or expiry is invalid." },
  TOKEN_NOT_FOUND: { status: 404, summary: "No token with that id." },
  TOKEN_LAST_ADMIN: { status: 409, summary: "The last platform admin token cannot be revoked." },
  USER_INVALID: { status: 422, summary: "Not a usable email address for a user." },
  PASSWORD_INVALID: { status: 422, summary: "A password must be 10 to 256 characters long." },
  USER_EXISTS: { status: 409, summary: "A user with that email already exists." },
  USER_NOT_FOUND: { status: 404, summary: "No user with that email." },
  LOGIN_FAILED: { status: 401, summary: "Wrong email or password." },
  LOGIN_RATE_LIMITED: {
    status: 429,
    summary: "Too many failed logins for the email or from the address; wait.",
  },
  ACCESS_LAST_OWNER: { status: 409, summary: "An app's last owner cannot be removed or demoted." },
  ROUTE_NOT_FOUND: { status: 404, summary: "No such API route. Check the URL against /openapi.json." },
  REQUEST_INVALID: { status: 400, summary: "The request does not match the route's schema." },
  PAYLOAD_TOO_LARGE: { status: 413, summary: "The request body is larger than the platform accepts." },
  APP_NOT_FOUND: { status: 404, summary: "No app of that name is visible to this token." },
  APP_NAME_INVALID: {
    status: 422,
    summary: "App names are DNS labels: ^[a-z][a-z0-9-]{1,29}$, not ending in '-'.",
  },
  APP_NAME_RESERVED: { status: 422, summary: "The name is reserved by the platform; pick another." },
  APP_EXISTS: { status: 409, summary: "An app of that name already exists." },
  CONFIRM_MISMATCH: {
    status: 422,
    summary: "A destructive command needs --confirm with the exact app name.",
  },
  CONFIG_KEY_INVALID: { status: 422, summary: "Config keys must match ^[A-Za-z_][A-Za-z0-9_]*$." },
  CONFIG_KEY_RESERVED: {
    status: 422,
    summary: "PORT and FIFTEEN_* are set by the platform and cannot be config vars.",
  },
  CONFIG_VALUE_INVALID: { status: 422, summary: "Config values are text without NUL bytes, at most 32 KiB." },
  CONFIG_KEY_NOT_FOUND: { status: 404, summary: "The app has no config var of that name." },
  SOURCE_INVALID: { status: 422, summary: "The uploaded source is not a readable gzip tarball." },
  SLUG_CORRUPT: {
    status: 500,
    summary:
      "A slug file no longer matches its sha256: it was changed on disk, so nothing is started from it.",
  },
  SOURCE_UNSAFE: {
    status: 422,
    summary: "The source tarball has an entry that would land outside the build directory, or is too big.",
  },
  BUILD_NOT_FOUND: { status: 404, summary: "No build with that id for this app." },
  BUILD_NOT_CANCELABLE: { status: 409, summary: "The build has already finished." },
  RELEASE_NOT_FOUND: { status: 404, summary: "No release with that version for this app." },
  ROLLBACK_INVALID: {
    status: 422,
    summary: "The rollback target does not exist or did not succeed, or there is no earlier release.",
  },
  NO_BUILDPACK: { status: 422, summary: "No buildpack matched: add package.json, index.html or a Procfile." },
  LOCKFILE_MISSING: {
    status: 422,
    summary:
      "A node app needs its lockfile (package-lock.json, yarn.lock or pnpm-lock.yaml): create and commit it.",
  },
  PACKAGE_MANAGER_UNSUPPORTED: {
    status: 422,
    summary:
      "package.json's packageManager is not npm, yarn 1 or pnpm at an exact version, or it could not be installed.",
  },
  PACKAGE_JSON_INVALID: { status: 422, summary: "package.json is not valid JSON." },
  NODE_VERSION_UNAVAILABLE: {
    status: 422,
    summary:
      "engines.node in package.json matches no Node version in the npm registry, or it could not be installed.",
  },
  MANIFEST_INVALID: {
    status: 422,
    summary: "fifteen.json is not valid JSON or breaks its schema; the message names each JSON path.",
  },
  PROCFILE_INVALID: {
    status: 422,
    summary: "A Procfile line is not `type: command`; the error gives the line number.",
  },
  NO_PROCESS_TYPES: {
    status: 422,
    summary: "The build found nothing to run: add a Procfile or a start script.",
  },
  BUILD_COMMAND_FAILED: {
    status: 422,
    summary: "A build step (npm ci, npm run build…) exited non-zero; see the output.",
  },
  BUILD_TIMEOUT: {
    status: 422,
    summary: "The build ran past FIFTEEN_BUILD_TIMEOUT_SECONDS and was stopped.",
  },
  BUILD_CANCELED: { status: 409, summary: "The build was canceled with `builds:cancel`." },
  BUILD_INTERRUPTED: { status: 500, summary: "The platform stopped while the build ran; deploy again." },
  NOT_DEPLOYED: { status: 409, summary: "The app has no release yet: deploy it first." },
  PROCESS_TYPE_UNKNOWN: { status: 422, summary: "The current release's Procfile has no such process type." },
  FORMATION_INVALID: { status: 422, summary: "Scale with TYPE=N, N from 0 to 100." },
  FORMATION_SIZE_INVALID: {
    status: 422,
    summary: "Resize with TYPE=SIZE, SIZE a whole number of M or G from 32M to 1024G (512M, 1G).",
  },
  PROCESS_NOT_FOUND: {
    status: 404,
    summary: "No running process of that name (for example web.1); see `fifteen ps`.",
  },
  PROCESS_NOT_RUNNING: {
    status: 409,
    summary:
      "`ps:exec` needs a running process; this one is starting, restarting or has crashed (see `fifteen ps`).",
  },
  RUN_INVALID: {
    status: 422,
    summary: "A one-off needs a command (`fifteen run -- CMD`) and a time limit from 1 s to 7 days.",
  },
  RELEASE_PHASE_FAILED: {
    status: 422,
    summary: "The Procfile's release task exited non-zero; the previous release keeps serving.",
  },
  CRON_INVALID: {
    status: 422,
    summary: "A cron job needs 5 fields in UTC (or --tz ZONE) and a command.",
  },
  CRON_NOT_FOUND: { status: 404, summary: "The app has no cron job with that number; see `fifteen cron`." },
  CRON_BUSY: { status: 409, summary: "The job's previous run is still going; it is not started twice." },
  ADDON_NOT_FOUND: {
    status: 404,
    summary: "No add-on of that name is visible to this token; see `fifteen addons`.",
  },
  FEATURE_UNKNOWN: {
    status: 404,
    summary: "No feature of that name; `fifteen features` lists them (http-session-affinity).",
  },
  ADDON_KIND_UNKNOWN: { status: 422, summary: "Add-on kinds are postgres, redis and url." },
  ADDON_INVALID: {
    status: 422,
    summary: "A bad add-on name or alias, a url add-on without --url, or a kind that cannot be rotated.",
  },
  ADDON_EXISTS: { status: 409, summary: "An add-on of that name already exists." },
  ADDON_ALIAS_TAKEN: {
    status: 409,
    summary: "The app already has that variable (a config var or another add-on); pick another --as.",
  },
  ADDON_ATTACHED: {
    status: 409,
    summary: "The add-on is attached to other apps (named in the message); detach it there first.",
  },
  ADDON_UNAVAILABLE: {
    status: 503,
    summary: "The add-on's server is not configured or cannot be reached; the message names it.",
  },
  ADDON_PROVISION_FAILED: {
    status: 502,
    summary: "The server refused to create the add-on; what was made was removed, nothing is left.",
  },
  MASTER_KEY_FROM_ENV: {
    status: 409,
    summary:
      "The master key comes from FIFTEEN_MASTER_KEY, which the platform cannot rewrite: pass the new key with `admin:rotate-key --key-file F`.",
  },
  MASTER_KEY_INVALID: {
    status: 422,
    summary: "A new master key is 32 bytes as 64 hex digits or base64, and differs from the keys in use.",
  },
  KEY_ROTATION_RUNNING: { status: 409, summary: "A key rotation is already running; wait for it to finish." },
  KEY_ROTATION_INCOMPLETE: {
    status: 409,
    summary:
      "Writes kept landing under the old key while rotating; both keys are kept. Run the rotation again.",
  },
  DOMAIN_INVALID: { status: 422, summary: "A domain is a lowercase host name such as www.example.com." },
  DOMAIN_EXISTS: { status: 409, summary: "That domain is already routed to an app." },
  DOMAIN_NOT_FOUND: { status: 404, summary: "The app has no such domain." },
  CERT_INVALID: {
    status: 422,
    summary: "The certificate or key is not a readable PEM (or the key is encrypted); nothing was stored.",
  },
  CERT_KEY_MISMATCH: {
    status: 422,
    summary: "The private key does not belong to the certificate; nothing was stored.",
  },
  CERT_HOST_MISMATCH: {
    status: 422,
    summary: "The certificate does not cover the host name (subject alternative names); nothing was stored.",
  },
  CERT_EXPIRED: {
    status: 422,
    summary: "The certificate has expired or is not valid yet; nothing was stored.",
  },
  CERT_NOT_FOUND: { status: 404, summary: "The host has no certificate; see `fifteen certs`." },
  PIPELINE_NAME_INVALID: {
    status: 422,
    summary: "Pipeline names follow the app name rule: ^[a-z][a-z0-9-]{1,29}$, not ending in '-'.",
  },
  PIPELINE_EXISTS: { status: 409, summary: "A pipeline of that name already exists." },
  PIPELINE_NOT_FOUND: { status: 404, summary: "No pipeline of that name is visible to this token." },
  PIPELINE_STAGE_INVALID: { status: 422, summary: "Stages are development, staging and production." },
  APP_IN_PIPELINE: {
    status: 409,
    summary: "The app is already in another pipeline; remove it there with `pipelines:remove` first.",
  },
  APP_NOT_IN_PIPELINE: { status: 404, summary: "The app is not in a pipeline." },
  PROMOTE_INVALID: {
    status: 422,
    summary:
      "Nothing to promote: the app is in no pipeline or in production, the next stage is empty, or it has no live release.",
  },
  DRAIN_EXISTS: { status: 409, summary: "The app already drains its logs to that URL." },
  DRAIN_LIMIT: { status: 409, summary: "The app has the most drains allowed (10); remove one first." },
  DRAIN_NOT_FOUND: {
    status: 404,
    summary: "The app has no drain with that id; `fifteen drains` lists them.",
  },
  WEBHOOK_NOT_FOUND: {
    status: 404,
    summary: "The app has no webhook with that id; `fifteen webhooks` lists them.",
  },
  WEBHOOK_EVENTS_INVALID: {
    status: 422,
    summary: "Webhook events are one or more of build, release, formation, crash and addon.",
  },
  WEBHOOK_SECRET_INVALID: {
    status: 422,
    summary: "A webhook secret is 16 to 256 printable ASCII characters without spaces.",
  },
  WEBHOOK_EXISTS: { status: 409, summary: "The app already has a webhook for that URL." },
  WEBHOOK_LIMIT: { status: 409, summary: "The app has the most webhooks allowed (10); remove one first." },
  URL_INVALID: {
    status: 422,
    summary:
      "An outbound URL (log drain, webhook) is malformed, has no host or uses a scheme not allowed there.",
  },
  EGRESS_REFUSED: {
    status: 422,
    summary:
      "The URL's host resolves to a loopback, private, link-local or metadata address; see FIFTEEN_EGRESS_ALLOW.",
  },
  EGRESS_UNRESOLVABLE: { status: 422, summary: "The URL's host name does not resolve in DNS." },
  SETTING_INVALID: {
    status: 500,
    summary: "A FIFTEEN_* setting has a bad value; the platform refuses to start.",
  },
  PORT_IN_USE: {
    status: 500,
    summary:
      "A port the platform listens on (router, API, metrics) is taken or cannot be bound; the message names the setting.",
  },
  DATA_DIR_UNREACHABLE: {
    status: 500,
    summary: "App uids cannot pass through a directory above the data dir; the platform refuses to start.",
  },
  APP_UIDS_UNAVAILABLE: {
    status: 500,
    summary: "The app uids this platform needs belong to another platform on this host, or are used up.",
  },
  PLATFORM_STOPPING: { status: 503, summary: "The platform is shutting down; try again once it is back." },
  INTERNAL: { status: 500, summary: "An unexpected platform failure; the platform log has the details." },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export class FifteenError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "FifteenError";
    this.code = code;
    this.status = ERRORS[code].status;
  }
}
