// Schema migrations, written once in the query builder's dialect-neutral DDL so SQLite and PostgreSQL agree:
// one file per migration, applied in the order of their names.
import type { Migration, MigrationProvider } from "kysely";
import { migration as core } from "./0001_core.js";
import { migration as run } from "./0002_run.js";
import { migration as admin } from "./0003_admin.js";
import { migration as addons } from "./0004_addons.js";
import { migration as drains } from "./0005_drains.js";
import { migration as webhooks } from "./0006_webhooks.js";
import { migration as pipelines } from "./0007_pipelines.js";
import { migration as manifest } from "./0008_manifest.js";
import { migration as deployBranch } from "./0009_deploy_branch.js";
import { migration as audit } from "./0010_audit.js";
import { migration as users } from "./0011_users.js";
import { migration as isolation } from "./0012_isolation.js";
import { migration as certs } from "./0013_certs.js";
import { migration as formationDisks } from "./0014_formation_disks.js";
import { migration as configRuntimeOnly } from "./0015_config_runtime_only.js";
import { migration as maintenance } from "./0016_maintenance.js";
import { migration as releaseFailures } from "./0017_release_failures.js";
import { migration as appFeatures } from "./0018_app_features.js";

const migrations: Record<string, Migration> = {
  "0001_core": core,
  "0002_run": run,
  "0003_admin": admin,
  "0004_addons": addons,
  "0005_drains": drains,
  "0007_pipelines": pipelines,
  "0006_webhooks": webhooks,
  "0008_manifest": manifest,
  "0009_deploy_branch": deployBranch,
  "0010_audit": audit,
  "0011_users": users,
  "0012_isolation": isolation,
  "0013_certs": certs,
  "0014_formation_disks": formationDisks,
  "0015_config_runtime_only": configRuntimeOnly,
  "0016_maintenance": maintenance,
  "0017_release_failures": releaseFailures,
  "0018_app_features": appFeatures,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
