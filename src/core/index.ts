// Core: the concepts and their rules. Validates, writes through the store, publishes events; spawns nothing.
import type { Store } from "../store/index.js";
import { AddonService } from "./addons.js";
import { AppService } from "./apps.js";
import { BuildService } from "./builds.js";
import { ConfigService } from "./config-vars.js";
import { CronService } from "./cron.js";
import { DeployService } from "./deploys.js";
import { EventBus } from "./events.js";
import type {
  AddonProvider,
  AppFiles,
  BuildOutput,
  EgressCheck,
  MasterKeyVault,
  SlugStore,
  SourceArchive,
} from "./ports.js";
import { CertService } from "./certs.js";
import { DomainService } from "./domains.js";
import { AuditService } from "./audit.js";
import { DrainService } from "./drains.js";
import { FeatureService } from "./features.js";
import { DEFAULT_APP_UID_BASE, DEFAULT_MEMORY_MB, FormationService } from "./formation.js";
import { KeyService } from "./keys.js";
import { ManifestService } from "./manifest/index.js";
import { PipelineService } from "./pipelines.js";
import { PromotionService } from "./promotions.js";
import { ReleaseService } from "./releases.js";
import { RuntimeStateService, type AppUidPool } from "./runtime-state.js";
import type { Sealer } from "./secrets.js";
import { TokenService } from "./tokens.js";
import { MemberService } from "./members.js";
import { UserService } from "./users.js";
import { WebhookDeliveryLog } from "./webhook-deliveries.js";
import { WebhookService } from "./webhooks.js";

export { requireApp, requirePlatform, canSeeApp, can, permissionsOn } from "./access.js";
export type { Member } from "./members.js";
export type { NewUser, User } from "./users.js";
export { isPlatformAdmin } from "./tokens.js";
export type { Addon, AddonChange, NewAddon } from "./addons.js";
export type { BuildJob, BuildResult } from "./builds.js";
export type { CronJob, NewCronJob } from "./cron.js";
export type { Deploy, DeployOutput, PostdeployRunner } from "./deploys.js";
export { describeExit } from "./one-off-exit.js";
export type { Certificate } from "./certs.js";
export type { Domain } from "./domains.js";
export type { Drain, DrainTarget } from "./drains.js";
export type { AuditEntry, AuditEvent, AuditVerification } from "./audit.js";
export type {
  PendingDelivery,
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryStatus,
} from "./webhook-deliveries.js";
export { WEBHOOK_EVENTS } from "./webhooks.js";
export type { CreatedWebhook, NewWebhook, Webhook, WebhookEvent, WebhookTarget } from "./webhooks.js";
export type { FormationEntry } from "./formation.js";
export { FEATURE_NAMES, FEATURES, hasFeature, isFeature } from "./features.js";
export type { Feature, FeatureName } from "./features.js";
export type { KeyRotation } from "./keys.js";
export { DEFAULT_APP_UID_BASE, DEFAULT_MEMORY_MB } from "./formation.js";
export type { AppUidPool } from "./runtime-state.js";
export {
  APP_JSON_FILE,
  checkFormationTypes,
  mergeManifests,
  parseAppJson,
  manifestJsonSchema,
  ManifestSchema,
  MANIFEST_FILE,
  MAX_MANIFEST_BYTES,
  parseManifest,
  type Manifest,
} from "./manifest/index.js";
export type { Pipeline, PipelineApp, PipelineInfo, PipelineMembership, Stage } from "./pipelines.js";
export type { Promotion } from "./promotions.js";
export type { AppRuntimeState } from "./runtime-state.js";
export type { CoreEvents } from "./events.js";
export { EventBus } from "./events.js";
export {
  PERMISSIONS,
  ROLES,
  ROLE_PERMISSION,
  isPermission,
  type Permission,
  type Role,
} from "./permissions.js";
export type {
  AddonProvider,
  AppFiles,
  BuildOutput,
  CronRunner,
  DrainMonitor,
  DrainStatus,
  EgressCheck,
  LogReader,
  MasterKeyVault,
  OneOffExit,
  OneOffIo,
  OneOffRequest,
  ProcessControl,
  ProvisionedAddon,
  SlugStore,
  SourceArchive,
  StartedOneOff,
  TtySize,
  ExecRequest,
} from "./ports.js";
export { Sealer, type Keyring } from "./secrets.js";
export { generateToken } from "./tokens.js";
export type * from "./types.js";

export interface CoreDeps {
  store: Store;
  sealer: Sealer;
  /** Where the master keys are kept, for key rotation. */
  keys: MasterKeyVault;
  slugs: SlugStore;
  sources: SourceArchive;
  output: BuildOutput;
  files: AppFiles;
  maxSourceBytes: number;
  /** Whether cron schedules may have a seconds field (FIFTEEN_CRON_SECONDS). */
  cronSeconds?: boolean;
  /** Add-on providers by kind (postgres, redis, url). */
  addonProviders?: readonly AddonProvider[];
  /** The OTLP/HTTP collector app processes report to (FIFTEEN_OTEL_EXPORTER_OTLP_ENDPOINT), if any. */
  otlpEndpoint?: string | undefined;
  /** Checks drain (and webhook) URLs against the egress policy. */
  egress: EgressCheck;
  /** Where app uids are allocated from: the first one, the end of the block, and ids already in use. */
  appUids?: AppUidPool;
  /** The memory limit of a process type nobody resized (FIFTEEN_DEFAULT_MEMORY), in MiB. */
  defaultMemoryMb?: number;
  /** The disk of a process type nobody resized (FIFTEEN_DISK_LIMIT), in MiB. */
  defaultDiskMb?: number;
}

export class Core {
  readonly events = new EventBus();
  readonly tokens: TokenService;
  readonly users: UserService;
  readonly members: MemberService;
  readonly apps: AppService;
  readonly features: FeatureService;
  readonly config: ConfigService;
  readonly builds: BuildService;
  readonly releases: ReleaseService;
  readonly formation: FormationService;
  readonly domains: DomainService;
  readonly certs: CertService;
  readonly runtime: RuntimeStateService;
  readonly cron: CronService;
  readonly addons: AddonService;
  readonly drains: DrainService;
  readonly audit: AuditService;
  readonly webhooks: WebhookService;
  readonly webhookDeliveries: WebhookDeliveryLog;
  readonly pipelines: PipelineService;
  readonly promotions: PromotionService;
  readonly manifests: ManifestService;
  readonly deploys: DeployService;
  readonly keys: KeyService;

  constructor(deps: CoreDeps) {
    this.tokens = new TokenService(deps.store);
    this.users = new UserService(deps.store, this.tokens);
    this.members = new MemberService(deps.store);
    this.keys = new KeyService(deps.store, deps.sealer, deps.keys);
    this.config = new ConfigService(deps.store, this.events, deps.sealer);
    const providers = new Map((deps.addonProviders ?? []).map((p) => [p.kind, p]));
    this.addons = new AddonService(deps.store, deps.sealer, this.config, providers, this.events);
    this.apps = new AppService(deps.store, this.events, { ...deps, addons: this.addons });
    this.features = new FeatureService(deps.store, this.events);
    this.builds = new BuildService(deps.store, this.events, deps);
    this.releases = new ReleaseService(deps.store, this.events);
    this.formation = new FormationService(
      deps.store,
      this.events,
      deps.defaultMemoryMb ?? DEFAULT_MEMORY_MB,
      deps.defaultDiskMb,
    );
    this.domains = new DomainService(deps.store, this.events);
    this.certs = new CertService(deps.store, this.events, deps.sealer);
    this.drains = new DrainService(deps.store, this.events, deps.sealer, deps.egress);
    this.audit = new AuditService(deps.store);
    this.webhooks = new WebhookService(deps.store, deps.sealer, deps.egress);
    this.webhookDeliveries = new WebhookDeliveryLog(deps.store, this.webhooks);
    this.runtime = new RuntimeStateService(deps.store, this.config, {
      otlpEndpoint: deps.otlpEndpoint,
      appUids: deps.appUids ?? { base: DEFAULT_APP_UID_BASE, reserved: () => new Set() },
    });
    this.pipelines = new PipelineService(deps.store);
    this.promotions = new PromotionService(deps.store, this.events);
    this.cron = new CronService(deps.store, this.events, deps.cronSeconds ?? false);
    this.manifests = new ManifestService(deps.store, {
      config: this.config,
      addons: this.addons,
      cron: this.cron,
      formation: this.formation,
      features: this.features,
      providers,
    });
    this.deploys = new DeployService(this.events, this.builds, this.releases, this.manifests);
  }
}
