// Generated from /openapi.json by `npm run openapi`: do not edit. scripts/openapi/derived.test.ts keeps it current.
export interface paths {
  "/{app}.git/git-receive-pack": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** git push: builds and releases the pushed deploy branch */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      /** @description The body, streamed (application/x-git-receive-pack-request) */
      requestBody: {
        content: {
          "application/x-git-receive-pack-request": string;
        };
      };
      responses: {
        /** @description The push report, with build output as `remote:` lines */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/x-git-receive-pack-result": string;
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/{app}.git/git-upload-pack": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** git fetch/clone */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      /** @description The body, streamed (application/x-git-upload-pack-request) */
      requestBody: {
        content: {
          "application/x-git-upload-pack-request": string;
        };
      };
      responses: {
        /** @description The pack (git smart HTTP) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/x-git-upload-pack-result": string;
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/{app}.git/info/refs": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** git smart HTTP discovery (clone needs app:read, push needs app:deploy) */
    get: {
      parameters: {
        query: {
          service: "git-upload-pack" | "git-receive-pack";
        };
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The ref advertisement (git smart HTTP) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/x-git-upload-pack-advertisement": string;
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/healthz": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness: the API answers (no token needed) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              checks: {
                detail?: string;
                name: string;
                ok: boolean;
              }[];
              status: "ok" | "unavailable";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/metrics": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Prometheus metrics (the scrape token from FIFTEEN_METRICS_TOKEN, or a platform admin token) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Prometheus text format 0.0.4 */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "text/plain": string;
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/openapi.json": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This API's OpenAPI 3.1 document */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The OpenAPI document */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              [key: string]: unknown;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/readyz": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Readiness: store reachable, router up, reconciler caught up (no token needed) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              checks: {
                detail?: string;
                name: string;
                ok: boolean;
              }[];
              status: "ok" | "unavailable";
            };
          };
        };
        /** @description Default Response */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              checks: {
                detail?: string;
                name: string;
                ok: boolean;
              }[];
              status: "ok" | "unavailable";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/schemas/fifteen.json": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The JSON Schema (2020-12) of the app manifest, fifteen.json (no token needed) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A JSON Schema document */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/account/password": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Change your own password (the current one is checked) */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            current: string;
            password: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/admin/rotate-key": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Rotate the master key: re-encrypt every sealed value under a new key version
     * @description With the key file, the platform generates the key. With FIFTEEN_MASTER_KEY, send the new key (then set FIFTEEN_MASTER_KEY to fkN:KEY before the platform restarts). The key is never returned.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description The new key (32 bytes as hex or base64); required when the key comes from the env */
            key?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              keySource: "file" | "env";
              /** @description Sealed values re-encrypted */
              reencrypted: number;
              /** @description The key version every sealed value now carries (fkN) */
              version: number;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_LAST_ADMIN, USER_EXISTS, ACCESS_LAST_OWNER, APP_EXISTS, BUILD_NOT_CANCELABLE, BUILD_CANCELED, NOT_DEPLOYED, PROCESS_NOT_RUNNING, CRON_BUSY, ADDON_EXISTS, ADDON_ALIAS_TAKEN, ADDON_ATTACHED, MASTER_KEY_FROM_ENV, KEY_ROTATION_RUNNING, KEY_ROTATION_INCOMPLETE, DOMAIN_EXISTS, PIPELINE_EXISTS, APP_IN_PIPELINE, DRAIN_EXISTS, DRAIN_LIMIT, WEBHOOK_EXISTS, WEBHOOK_LIMIT */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the apps this token can see */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** Format: date-time */
              createdAt: string;
              id: string;
              name: string;
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    /** Create an app */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description Default main */
            deployBranch?: string;
            name: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** Format: date-time */
              createdAt: string;
              id: string;
              name: string;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_LAST_ADMIN, USER_EXISTS, ACCESS_LAST_OWNER, APP_EXISTS, BUILD_NOT_CANCELABLE, BUILD_CANCELED, NOT_DEPLOYED, PROCESS_NOT_RUNNING, CRON_BUSY, ADDON_EXISTS, ADDON_ALIAS_TAKEN, ADDON_ATTACHED, MASTER_KEY_FROM_ENV, KEY_ROTATION_RUNNING, KEY_ROTATION_INCOMPLETE, DOMAIN_EXISTS, PIPELINE_EXISTS, APP_IN_PIPELINE, DRAIN_EXISTS, DRAIN_LIMIT, WEBHOOK_EXISTS, WEBHOOK_LIMIT */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Show an app */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** Format: date-time */
              createdAt: string;
              currentRelease: number | null;
              /** @description The one branch a git push deploys */
              deployBranch: string;
              gitUrlPath: string;
              id: string;
              name: string;
              webUrl: string | null;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Destroy an app: its processes, repository, builds, slugs and config */
    delete: {
      parameters: {
        query: {
          /** @description The app's name, to confirm */
          confirm: string;
        };
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change an app's settings: the branch a git push deploys */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            deployBranch: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** Format: date-time */
              createdAt: string;
              currentRelease: number | null;
              /** @description The one branch a git push deploys */
              deployBranch: string;
              gitUrlPath: string;
              id: string;
              name: string;
              webUrl: string | null;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/apps/{app}/access": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The users who can use the app, and their roles */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              email: string;
              role: "viewer" | "deployer" | "admin" | "owner";
              /** Format: date-time */
              since: string;
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/access/{email}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Give a user a role on the app, or change it (only owners grant or change owner) */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
          email: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            role: "viewer" | "deployer" | "admin" | "owner";
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              email: string;
              role: "viewer" | "deployer" | "admin" | "owner";
              /** Format: date-time */
              since: string;
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_LAST_ADMIN, USER_EXISTS, ACCESS_LAST_OWNER, APP_EXISTS, BUILD_NOT_CANCELABLE, BUILD_CANCELED, NOT_DEPLOYED, PROCESS_NOT_RUNNING, CRON_BUSY, ADDON_EXISTS, ADDON_ALIAS_TAKEN, ADDON_ATTACHED, MASTER_KEY_FROM_ENV, KEY_ROTATION_RUNNING, KEY_ROTATION_INCOMPLETE, DOMAIN_EXISTS, PIPELINE_EXISTS, APP_IN_PIPELINE, DRAIN_EXISTS, DRAIN_LIMIT, WEBHOOK_EXISTS, WEBHOOK_LIMIT */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    post?: never;
    /** Take a user's role on the app away */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
          email: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              email: string;
              role: "viewer" | "deployer" | "admin" | "owner";
              /** Format: date-time */
              since: string;
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_LAST_ADMIN, USER_EXISTS, ACCESS_LAST_OWNER, APP_EXISTS, BUILD_NOT_CANCELABLE, BUILD_CANCELED, NOT_DEPLOYED, PROCESS_NOT_RUNNING, CRON_BUSY, ADDON_EXISTS, ADDON_ALIAS_TAKEN, ADDON_ATTACHED, MASTER_KEY_FROM_ENV, KEY_ROTATION_RUNNING, KEY_ROTATION_INCOMPLETE, DOMAIN_EXISTS, PIPELINE_EXISTS, APP_IN_PIPELINE, DRAIN_EXISTS, DRAIN_LIMIT, WEBHOOK_EXISTS, WEBHOOK_LIMIT */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/addon-attachments": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Attach an existing add-on to this app (a new release here) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            addon: string;
            /** @description Variable prefix: REPORTING → REPORTING_URL */
            as?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              addon: {
                attachments: {
                  alias: string;
                  app: string;
                  vars: string[];
                }[];
                /** Format: date-time */
                createdAt: string;
                createdBy: string;
                kind: string;
                name: string;
                /** @description The app that created it */
                owner: string;
                resource: {
                  [key: string]: string;
                };
                rotatedAt: string | null;
                url: string | null;
              };
              releases: {
                app: string;
                buildId: string | null;
                buildpack: string | null;
                commit: string | null;
                configVersion: number;
                /** Format: date-time */
                createdAt: string;
                createdBy: string;
                current: boolean;
                description: string;
                failure: string | null;
                failureOutput: string[] | null;
                id: string;
                /** @description The app manifest (fifteen.json) its slug was built with; null without one */
                manifest: {
                  /** @description This schema's URL, for editors. */
                  $schema?: string;
                  /** @description Add-ons provisioned on the deploy that first lists them. */
                  addons?: {
                    /** @description The variable prefix (DATABASE → DATABASE_URL); default: the kind's own (DATABASE, REDIS…). */
                    as?: string;
                    /** @description postgres, redis or url. */
                    kind: string;
                  }[];
                  /**
                   * @description Use this buildpack; detection is skipped.
                   * @enum {unknown}
                   */
                  buildpack?: "node" | "static" | "procfile";
                  /** @description Config the app needs: a release whose config lacks a required key, or has a value that does not match its pattern, fails before any process starts. */
                  config?: {
                    [key: string]:
                      | string
                      | {
                          /** @description What the value is and where to get it. */
                          description: string;
                          /**
                           * @description secret: on the app's first deploy, a random value (64 hex digits) when the key is absent.
                           * @enum {string}
                           */
                          generator?: "secret";
                          /** @description A JavaScript regular expression the whole value must match. */
                          pattern?: string;
                          /** @description Default true; false only checks the pattern when the key is set. */
                          required?: boolean;
                          /** @description Default false; true keeps the value from build steps (processes and one-offs still get it). */
                          runtimeOnly?: boolean;
                          /** @description A default: set on the app's first deploy when the config does not have the key. */
                          value?: string;
                        };
                  };
                  /** @description Scheduled jobs; each deploy makes the app's manifest jobs match this list. */
                  cron?: {
                    /** @description What runs, as a one-off process in the live release. */
                    command: string | string[];
                    /** @description Five cron fields (minute hour day-of-month month day-of-week) or @hourly, @daily… */
                    schedule: string;
                    /** @description IANA time zone of the schedule; default UTC. */
                    tz?: string;
                  }[];
                  /** @description Features the app runs with (http-session-affinity), unless someone turned one on or off with features:enable or features:disable. */
                  features?: "http-session-affinity"[];
                  /** @description Default formation per process type of the Procfile (release excepted). */
                  formation?: {
                    [key: string]: {
                      /** @description How many processes of this type run, unless someone scaled the type with ps:scale. */
                      quantity?: number;
                      /** @description Memory limit of each process of this type, 32M to 1024G (e.g. 512M, 1G), unless someone resized the type with ps:resize. */
                      size?: string;
                    };
                  };
                  /** @description When a new web process counts as up. */
                  healthcheck?: {
                    /** @description A new web process counts as up once GET path answers 2xx or 3xx (after binding $PORT). */
                    path?: string;
                    /** @description How long a new web process may take to come up; default FIFTEEN_BOOT_TIMEOUT_SECONDS. */
                    timeoutSeconds?: number;
                  };
                  scripts?: {
                    /** @description A command line (run by /bin/sh -c) run once, as a one-off, after the app's first successful deploy. */
                    postdeploy?: string;
                  };
                } | null;
                processTypes: {
                  [key: string]: string;
                };
                promotedFromApp: string | null;
                promotedFromRelease: number | null;
                rollbackOf: number | null;
                slugDigest: string;
                sourceDigest: string | null;
                status: "pending" | "succeeded" | "failed";
                version: number;
              }[];
              warnings: string[];
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_LAST_ADMIN, USER_EXISTS, ACCESS_LAST_OWNER, APP_EXISTS, BUILD_NOT_CANCELABLE, BUILD_CANCELED, NOT_DEPLOYED, PROCESS_NOT_RUNNING, CRON_BUSY, ADDON_EXISTS, ADDON_ALIAS_TAKEN, ADDON_ATTACHED, MASTER_KEY_FROM_ENV, KEY_ROTATION_RUNNING, KEY_ROTATION_INCOMPLETE, DOMAIN_EXISTS, PIPELINE_EXISTS, APP_IN_PIPELINE, DRAIN_EXISTS, DRAIN_LIMIT, WEBHOOK_EXISTS, WEBHOOK_LIMIT */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/addons": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The add-ons attached to the app */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              attachments: {
                alias: string;
                app: string;
                vars: string[];
              }[];
              /** Format: date-time */
              createdAt: string;
              createdBy: string;
              kind: string;
              name: string;
              /** @description The app that created it */
              owner: string;
              resource: {
                [key: string]: string;
              };
              rotatedAt: string | null;
              url: string | null;
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    /** Provision an add-on (postgres, redis, url) and attach it to the app: a new release */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description Variable prefix: REPORTING → REPORTING_URL */
            as?: string;
            /** @description postgres, redis or url; KIND:PLAN picks a plan (redis:mini, redis:shared) */
            kind: string;
            name?: string;
            /** @description url add-ons: the service's URL */
            url?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              addon: {
                attachments: {
                  alias: string;
                  app: string;
                  vars: string[];
                }[];
                /** Format: date-time */
                createdAt: string;
                createdBy: string;
                kind: string;
                name: string;
                /** @description The app that created it */
                owner: string;
                resource: {
                  [key: string]: string;
                };
                rotatedAt: string | null;
                url: string | null;
              };
              releases: {
                app: string;
                buildId: string | null;
                buildpack: string | null;
                commit: string | null;
                configVersion: number;
                /** Format: date-time */
                createdAt: string;
                createdBy: string;
                current: boolean;
                description: string;
                failure: string | null;
                failureOutput: string[] | null;
                id: string;
                /** @description The app manifest (fifteen.json) its slug was built with; null without one */
                manifest: {
                  /** @description This schema's URL, for editors. */
                  $schema?: string;
                  /** @description Add-ons provisioned on the deploy that first lists them. */
                  addons?: {
                    /** @description The variable prefix (DATABASE → DATABASE_URL); default: the kind's own (DATABASE, REDIS…). */
                    as?: string;
                    /** @description postgres, redis or url. */
                    kind: string;
                  }[];
                  /**
                   * @description Use this buildpack; detection is skipped.
                   * @enum {unknown}
                   */
                  buildpack?: "node" | "static" | "procfile";
                  /** @description Config the app needs: a release whose config lacks a required key, or has a value that does not match its pattern, fails before any process starts. */
                  config?: {
                    [key: string]:
                      | string
                      | {
                          /** @description What the value is and where to get it. */
                          description: string;
                          /**
                           * @description secret: on the app's first deploy, a random value (64 hex digits) when the key is absent.
                           * @enum {string}
                           */
                          generator?: "secret";
                          /** @description A JavaScript regular expression the whole value must match. */
                          pattern?: string;
                          /** @description Default true; false only checks the pattern when the key is set. */
                          required?: boolean;
                          /** @description Default false; true keeps the value from build steps (processes and one-offs still get it). */
                          runtimeOnly?: boolean;
                          /** @description A default: set on the app's first deploy when the config does not have the key. */
                          value?: string;
                        };
                  };
                  /** @description Scheduled jobs; each deploy makes the app's manifest jobs match this list. */
                  cron?: {
                    /** @description What runs, as a one-off process in the live release. */
                    command: string | string[];
                    /** @description Five cron fields (minute hour day-of-month month day-of-week) or @hourly, @daily… */
                    schedule: string;
                    /** @description IANA time zone of the schedule; default UTC. */
                    tz?: string;
                  }[];
                  /** @description Features the app runs with (http-session-affinity), unless someone turned one on or off with features:enable or features:disable. */
                  features?: "http-session-affinity"[];
                  /** @description Default formation per process type of the Procfile (release excepted). */
                  formation?: {
                    [key: string]: {
                      /** @description How many processes of this type run, unless someone scaled the type with ps:scale. */
                      quantity?: number;
                      /** @description Memory limit of each process of this type, 32M to 1024G (e.g. 512M, 1G), unless someone resized the type with ps:resize. */
                      size?: string;
                    };
                  };
                  /** @description When a new web process counts as up. */
                  healthcheck?: {
                    /** @description A new web process counts as up once GET path answers 2xx or 3xx (after binding $PORT). */
                    path?: string;
                    /** @description How long a new web process may take to come up; default FIFTEEN_BOOT_TIMEOUT_SECONDS. */
                    timeoutSeconds?: number;
                  };
                  scripts?: {
                    /** @description A command line (run by /bin/sh -c) run once, as a one-off, after the app's first successful deploy. */
                    postdeploy?: string;
                  };
                } | null;
                processTypes: {
                  [key: string]: string;
                };
                promotedFromApp: string | null;
                promotedFromRelease: number | null;
                rollbackOf: number | null;
                slugDigest: string;
                sourceDigest: string | null;
                status: "pending" | "succeeded" | "failed";
                version: number;
              }[];
              warnings: string[];
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_LAST_ADMIN, USER_EXISTS, ACCESS_LAST_OWNER, APP_EXISTS, BUILD_NOT_CANCELABLE, BUILD_CANCELED, NOT_DEPLOYED, PROCESS_NOT_RUNNING, CRON_BUSY, ADDON_EXISTS, ADDON_ALIAS_TAKEN, ADDON_ATTACHED, MASTER_KEY_FROM_ENV, KEY_ROTATION_RUNNING, KEY_ROTATION_INCOMPLETE, DOMAIN_EXISTS, PIPELINE_EXISTS, APP_IN_PIPELINE, DRAIN_EXISTS, DRAIN_LIMIT, WEBHOOK_EXISTS, WEBHOOK_LIMIT */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description ADDON_PROVISION_FAILED */
        502: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description ADDON_UNAVAILABLE, PLATFORM_STOPPING */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/addons/{name}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One add-on attached to the app; its credentials only with app:admin */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              attachments: {
                alias: string;
                app: string;
                vars: string[];
              }[];
              /** Format: date-time */
              createdAt: string;
              createdBy: string;
              kind: string;
              name: string;
              /** @description The app that created it */
              owner: string;
              resource: {
                [key: string]: string;
              };
              rotatedAt: string | null;
              url: string | null;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Destroy an add-on and its data (refused while other apps use it) */
    delete: {
      parameters: {
        query: {
          confirm: string;
        };
        header?: never;
        path: {
          app: string;
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              addon: {
                attachments: {
                  alias: string;
                  app: string;
                  vars: string[];
                }[];
                /** Format: date-time */
                createdAt: string;
                createdBy: string;
                kind: string;
                name: string;
                /** @description The app that created it */
                owner: string;
                resource: {
                  [key: string]: string;
                };
                rotatedAt: string | null;
                url: string | null;
              };
              releases: {
                app: string;
                buildId: string | null;
                buildpack: string | null;
                commit: string | null;
                configVersion: number;
                /** Format: date-time */
                createdAt: string;
                createdBy: string;
                current: boolean;
                description: string;
                failure: string | null;
                failureOutput: string[] | null;
                id: string;
                /** @description The app manifest (fifteen.json) its slug was built with; null without one */
                manifest: {
                  /** @description This schema's URL, for editors. */
                  $schema?: string;
                  /** @description Add-ons provisioned on the deploy that first lists them. */
                  addons?: {
                    /** @description The variable prefix (DATABASE → DATABASE_URL); default: the kind's own (DATABASE, REDIS…). */
                    as?: string;
                    /** @description postgres, redis or url. */
                    kind: string;
                  }[];
                  /**
                   * @description Use this buildpack; detection is skipped.
                   * @enum {unknown}
                   */
                  buildpack?: "node" | "static" | "procfile";
                  /** @description Config the app needs: a release whose config lacks a required key, or has a value that does not match its pattern, fails before any process starts. */
                  config?: {
                    [key: string]:
                      | string
                      | {
                          /** @description What the value is and where to get it. */
                          description: string;
                          /**
                           * @description secret: on the app's first deploy, a random value (64 hex digits) when the key is absent.
                           * @enum {string}
                           */
                          generator?: "secret";
                          /** @description A JavaScript regular expression the whole value must match. */
                          pattern?: string;
                          /** @description Default true; false only checks the pattern when the key is set. */
                          required?: boolean;
                          /** @description Default false; true keeps the value from build steps (processes and one-offs still get it). */
                          runtimeOnly?: boolean;
                          /** @description A default: set on the app's first deploy when the config does not have the key. */
                          value?: string;
                        };
                  };
                  /** @description Scheduled jobs; each deploy makes the app's manifest jobs match this list. */
                  cron?: {
                    /** @description What runs, as a one-off process in the live release. */
                    command: string | string[];
                    /** @description Five cron fields (minute hour day-of-month month day-of-week) or @hourly, @daily… */
                    schedule: string;
                    /** @description IANA time zone of the schedule; default UTC. */
                    tz?: string;
                  }[];
                  /** @description Features the app runs with (http-session-affinity), unless someone turned one on or off with features:enable or features:disable. */
                  features?: "http-session-affinity"[];
                  /** @description Default formation per process type of the Procfile (release excepted). */
                  formation?: {
                    [key: string]: {
                      /** @description How many processes of this type run, unless someone scaled the type with ps:scale. */
                      quantity?: number;
                      /** @description Memory limit of each process of this type, 32M to 1024G (e.g. 512M, 1G), unless someone resized the type with ps:resize. */
                      size?: string;
                    };
                  };
                  /** @description When a new web process counts as up. */
                  healthcheck?: {
                    /** @description A new web process counts as up once GET path answers 2xx or 3xx (after binding $PORT). */
                    path?: string;
                    /** @description How long a new web process may take to come up; default FIFTEEN_BOOT_TIMEOUT_SECONDS. */
                    timeoutSeconds?: number;
                  };
                  scripts?: {
                    /** @description A command line (run by /bin/sh -c) run once, as a one-off, after the app's first successful deploy. */
                    postdeploy?: string;
                  };
                } | null;
                processTypes: {
                  [key: string]: string;
                };
                promotedFromApp: string | null;
                promotedFromRelease: number | null;
                rollbackOf: number | null;
                slugDigest: string;
                sourceDigest: string | null;
                status: "pending" | "succeeded" | "failed";
                version: number;
              }[];
              warnings: string[];
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_LAST_ADMIN, USER_EXISTS, ACCESS_LAST_OWNER, APP_EXISTS, BUILD_NOT_CANCELABLE, BUILD_CANCELED, NOT_DEPLOYED, PROCESS_NOT_RUNNING, CRON_BUSY, ADDON_EXISTS, ADDON_ALIAS_TAKEN, ADDON_ATTACHED, MASTER_KEY_FROM_ENV, KEY_ROTATION_RUNNING, KEY_ROTATION_INCOMPLETE, DOMAIN_EXISTS, PIPELINE_EXISTS, APP_IN_PIPELINE, DRAIN_EXISTS, DRAIN_LIMIT, WEBHOOK_EXISTS, WEBHOOK_LIMIT */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description ADDON_UNAVAILABLE, PLATFORM_STOPPING */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/addons/{name}/attachment": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Detach an add-on from this app (a new release here); it stays attached elsewhere */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              addon: {
                attachments: {
                  alias: string;
                  app: string;
                  vars: string[];
                }[];
                /** Format: date-time */
                createdAt: string;
                createdBy: string;
                kind: string;
                name: string;
                /** @description The app that created it */
                owner: string;
                resource: {
                  [key: string]: string;
                };
                rotatedAt: string | null;
                url: string | null;
              };
              releases: {
                app: string;
                buildId: string | null;
                buildpack: string | null;
                commit: string | null;
                configVersion: number;
                /** Format: date-time */
                createdAt: string;
                createdBy: string;
                current: boolean;
                description: string;
                failure: string | null;
                failureOutput: string[] | null;
                id: string;
                /** @description The app manifest (fifteen.json) its slug was built with; null without one */
                manifest: {
                  /** @description This schema's URL, for editors. */
                  $schema?: string;
                  /** @description Add-ons provisioned on the deploy that first lists them. */
                  addons?: {
                    /** @description The variable prefix (DATABASE → DATABASE_URL); default: the kind's own (DATABASE, REDIS…). */
                    as?: string;
                    /** @description postgres, redis or url. */
                    kind: string;
                  }[];
                  /**
                   * @description Use this buildpack; detection is skipped.
                   * @enum {unknown}
                   */
                  buildpack?: "node" | "static" | "procfile";
                  /** @description Config the app needs: a release whose config lacks a required key, or has a value that does not match its pattern, fails before any process starts. */
                  config?: {
                    [key: string]:
                      | string
                      | {
                          /** @description What the value is and where to get it. */
                          description: string;
                          /**
                           * @description secret: on the app's first deploy, a random value (64 hex digits) when the key is absent.
                           * @enum {string}
                           */
                          generator?: "secret";
                          /** @description A JavaScript regular expression the whole value must match. */
                          pattern?: string;
                          /** @description Default true; false only checks the pattern when the key is set. */
                          required?: boolean;
                          /** @description Default false; true keeps the value from build steps (processes and one-offs still get it). */
                          runtimeOnly?: boolean;
                          /** @description A default: set on the app's first deploy when the config does not have the key. */
                          value?: string;
                        };
                  };
                  /** @description Scheduled jobs; each deploy makes the app's manifest jobs match this list. */
                  cron?: {
                    /** @description What runs, as a one-off process in the live release. */
                    command: string | string[];
                    /** @description Five cron fields (minute hour day-of-month month day-of-week) or @hourly, @daily… */
                    schedule: string;
                    /** @description IANA time zone of the schedule; default UTC. */
                    tz?: string;
                  }[];
                  /** @description Features the app runs with (http-session-affinity), unless someone turned one on or off with features:enable or features:disable. */
                  features?: "http-session-affinity"[];
                  /** @description Default formation per process type of the Procfile (release excepted). */
                  formation?: {
                    [key: string]: {
                      /** @description How many processes of this type run, unless someone scaled the type with ps:scale. */
                      quantity?: number;
                      /** @description Memory limit of each process of this type, 32M to 1024G (e.g. 512M, 1G), unless someone resized the type with ps:resize. */
                      size?: string;
                    };
                  };
                  /** @description When a new web process counts as up. */
                  healthcheck?: {
                    /** @description A new web process counts as up once GET path answers 2xx or 3xx (after binding $PORT). */
                    path?: string;
                    /** @description How long a new web process may take to come up; default FIFTEEN_BOOT_TIMEOUT_SECONDS. */
                    timeoutSeconds?: number;
                  };
                  scripts?: {
                    /** @description A command line (run by /bin/sh -c) run once, as a one-off, after the app's first successful deploy. */
                    postdeploy?: string;
                  };
                } | null;
                processTypes: {
                  [key: string]: string;
                };
                promotedFromApp: string | null;
                promotedFromRelease: number | null;
                rollbackOf: number | null;
                slugDigest: string;
                sourceDigest: string | null;
                status: "pending" | "succeeded" | "failed";
                version: number;
              }[];
              warnings: string[];
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_LAST_ADMIN, USER_EXISTS, ACCESS_LAST_OWNER, APP_EXISTS, BUILD_NOT_CANCELABLE, BUILD_CANCELED, NOT_DEPLOYED, PROCESS_NOT_RUNNING, CRON_BUSY, ADDON_EXISTS, ADDON_ALIAS_TAKEN, ADDON_ATTACHED, MASTER_KEY_FROM_ENV, KEY_ROTATION_RUNNING, KEY_ROTATION_INCOMPLETE, DOMAIN_EXISTS, PIPELINE_EXISTS, APP_IN_PIPELINE, DRAIN_EXISTS, DRAIN_LIMIT, WEBHOOK_EXISTS, WEBHOOK_LIMIT */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/addons/{name}/rotate": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** New credentials; the old ones stop working; every attached app gets a new release */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              addon: {
                attachments: {
                  alias: string;
                  app: string;
                  vars: string[];
                }[];
                /** Format: date-time */
                createdAt: string;
                createdBy: string;
                kind: string;
                name: string;
                /** @description The app that created it */
                owner: string;
                resource: {
                  [key: string]: string;
                };
                rotatedAt: string | null;
                url: string | null;
              };
              releases: {
                app: string;
                buildId: string | null;
                buildpack: string | null;
                commit: string | null;
                configVersion: number;
                /** Format: date-time */
                createdAt: string;
                createdBy: string;
                current: boolean;
                description: string;
                failure: string | null;
                failureOutput: string[] | null;
                id: string;
                /** @description The app manifest (fifteen.json) its slug was built with; null without one */
                manifest: {
                  /** @description This schema's URL, for editors. */
                  $schema?: string;
                  /** @description Add-ons provisioned on the deploy that first lists them. */
                  addons?: {
                    /** @description The variable prefix (DATABASE → DATABASE_URL); default: the kind's own (DATABASE, REDIS…). */
                    as?: string;
                    /** @description postgres, redis or url. */
                    kind: string;
                  }[];
                  /**
                   * @description Use this buildpack; detection is skipped.
                   * @enum {unknown}
                   */
                  buildpack?: "node" | "static" | "procfile";
                  /** @description Config the app needs: a release whose config lacks a required key, or has a value that does not match its pattern, fails before any process starts. */
                  config?: {
                    [key: string]:
                      | string
                      | {
                          /** @description What the value is and where to get it. */
                          description: string;
                          /**
                           * @description secret: on the app's first deploy, a random value (64 hex digits) when the key is absent.
                           * @enum {string}
                           */
                          generator?: "secret";
                          /** @description A JavaScript regular expression the whole value must match. */
                          pattern?: string;
                          /** @description Default true; false only checks the pattern when the key is set. */
                          required?: boolean;
                          /** @description Default false; true keeps the value from build steps (processes and one-offs still get it). */
                          runtimeOnly?: boolean;
                          /** @description A default: set on the app's first deploy when the config does not have the key. */
                          value?: string;
                        };
                  };
                  /** @description Scheduled jobs; each deploy makes the app's manifest jobs match this list. */
                  cron?: {
                    /** @description What runs, as a one-off process in the live release. */
                    command: string | string[];
                    /** @description Five cron fields (minute hour day-of-month month day-of-week) or @hourly, @daily… */
                    schedule: string;
                    /** @description IANA time zone of the schedule; default UTC. */
                    tz?: string;
                  }[];
                  /** @description Features the app runs with (http-session-affinity), unless someone turned one on or off with features:enable or features:disable. */
                  features?: "http-session-affinity"[];
                  /** @description Default formation per process type of the Procfile (release excepted). */
                  formation?: {
                    [key: string]: {
                      /** @description How many processes of this type run, unless someone scaled the type with ps:scale. */
                      quantity?: number;
                      /** @description Memory limit of each process of this type, 32M to 1024G (e.g. 512M, 1G), unless someone resized the type with ps:resize. */
                      size?: string;
                    };
                  };
                  /** @description When a new web process counts as up. */
                  healthcheck?: {
                    /** @description A new web process counts as up once GET path answers 2xx or 3xx (after binding $PORT). */
                    path?: string;
                    /** @description How long a new web process may take to come up; default FIFTEEN_BOOT_TIMEOUT_SECONDS. */
                    timeoutSeconds?: number;
                  };
                  scripts?: {
                    /** @description A command line (run by /bin/sh -c) run once, as a one-off, after the app's first successful deploy. */
                    postdeploy?: string;
                  };
                } | null;
                processTypes: {
                  [key: string]: string;
                };
                promotedFromApp: string | null;
                promotedFromRelease: number | null;
                rollbackOf: number | null;
                slugDigest: string;
                sourceDigest: string | null;
                status: "pending" | "succeeded" | "failed";
                version: number;
              }[];
              warnings: string[];
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description ADDON_UNAVAILABLE, PLATFORM_STOPPING */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/builds": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Builds, newest first */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              app: string;
              buildpack: string | null;
              /** Format: date-time */
              createdAt: string;
              createdBy: string;
              error: string | null;
              errorCode: string | null;
              finishedAt: string | null;
              id: string;
              number: number;
              release: number | null;
              slugDigest: string | null;
              source: {
                commit: string | null;
                digest: string;
                kind: "git" | "tarball";
                size: number;
              };
              startedAt: string | null;
              status: "queued" | "running" | "succeeded" | "failed" | "canceled";
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    /** Upload a source tarball (application/gzip body) and queue its build */
    post: {
      parameters: {
        query?: {
          commit?: string;
          kind?: "tarball" | "git";
        };
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      /** @description The body, streamed (application/gzip, application/x-gzip, application/octet-stream) */
      requestBody: {
        content: {
          "application/gzip": string;
          "application/octet-stream": string;
          "application/x-gzip": string;
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              app: string;
              buildpack: string | null;
              /** Format: date-time */
              createdAt: string;
              createdBy: string;
              error: string | null;
              errorCode: string | null;
              finishedAt: string | null;
              id: string;
              number: number;
              release: number | null;
              slugDigest: string | null;
              source: {
                commit: string | null;
                digest: string;
                kind: "git" | "tarball";
                size: number;
              };
              startedAt: string | null;
              status: "queued" | "running" | "succeeded" | "failed" | "canceled";
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description PAYLOAD_TOO_LARGE */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/builds/{build}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One build, by id or number */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
          build: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              app: string;
              buildpack: string | null;
              /** Format: date-time */
              createdAt: string;
              createdBy: string;
              error: string | null;
              errorCode: string | null;
              finishedAt: string | null;
              id: string;
              number: number;
              release: number | null;
              slugDigest: string | null;
              source: {
                commit: string | null;
                digest: string;
                kind: "git" | "tarball";
                size: number;
              };
              startedAt: string | null;
              status: "queued" | "running" | "succeeded" | "failed" | "canceled";
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/builds/{build}/cancel": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Cancel a queued or running build; no release is made */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
          build: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              app: string;
              buildpack: string | null;
              /** Format: date-time */
              createdAt: string;
              createdBy: string;
              error: string | null;
              errorCode: string | null;
              finishedAt: string | null;
              id: string;
              number: number;
              release: number | null;
              slugDigest: string | null;
              source: {
                commit: string | null;
                digest: string;
                kind: "git" | "tarball";
                size: number;
              };
              startedAt: string | null;
              status: "queued" | "running" | "succeeded" | "failed" | "canceled";
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_LAST_ADMIN, USER_EXISTS, ACCESS_LAST_OWNER, APP_EXISTS, BUILD_NOT_CANCELABLE, BUILD_CANCELED, NOT_DEPLOYED, PROCESS_NOT_RUNNING, CRON_BUSY, ADDON_EXISTS, ADDON_ALIAS_TAKEN, ADDON_ATTACHED, MASTER_KEY_FROM_ENV, KEY_ROTATION_RUNNING, KEY_ROTATION_INCOMPLETE, DOMAIN_EXISTS, PIPELINE_EXISTS, APP_IN_PIPELINE, DRAIN_EXISTS, DRAIN_LIMIT, WEBHOOK_EXISTS, WEBHOOK_LIMIT */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/builds/{build}/output": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The build's output as text; with follow=true it streams until the build ends */
    get: {
      parameters: {
        query?: {
          follow?: boolean;
        };
        header?: never;
        path: {
          app: string;
          build: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The build output, streamed */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "text/plain": string;
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/certs": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The app's TLS certificates (never their keys) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Subject alternative names, e.g. DNS:shop.example.com */
              altNames: string[];
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              expiresAt: string;
              /** @description SHA-256 of the leaf certificate, colon-separated hex */
              fingerprint: string;
              hostname: string;
              issuer: string;
              /** Format: date-time */
              notBefore: string;
              subject: string;
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/certs/{hostname}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One host's TLS certificate */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
          hostname: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Subject alternative names, e.g. DNS:shop.example.com */
              altNames: string[];
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              expiresAt: string;
              /** @description SHA-256 of the leaf certificate, colon-separated hex */
              fingerprint: string;
              hostname: string;
              issuer: string;
              /** Format: date-time */
              notBefore: string;
              subject: string;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    /** Add or replace the TLS certificate of one of the app's host names */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
          hostname: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description PEM certificate chain, leaf first */
            cert: string;
            /** @description PEM private key, not encrypted */
            privateKey: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Subject alternative names, e.g. DNS:shop.example.com */
              altNames: string[];
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              expiresAt: string;
              /** @description SHA-256 of the leaf certificate, colon-separated hex */
              fingerprint: string;
              hostname: string;
              issuer: string;
              /** Format: date-time */
              notBefore: string;
              subject: string;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    post?: never;
    /** Remove a host's TLS certificate */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
          hostname: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/config-vars": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The app's config vars (values are secrets: needs app:deploy) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              runtimeOnly: string[];
              vars: {
                [key: string]: string;
              };
              version: number;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Set (string) or unset (null) config vars; a deployed app gets a new release
     * @description With runtimeOnly=true the keys set are runtime-only: processes and one-offs get them, build steps never do. A key stays runtime-only until it is unset.
     */
    patch: {
      parameters: {
        query?: {
          runtimeOnly?: boolean;
        };
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            [key: string]: null | string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              config: {
                runtimeOnly: string[];
                vars: {
                  [key: string]: string;
                };
                version: number;
              };
              release: {
                app: string;
                buildId: string | null;
                buildpack: string | null;
                commit: string | null;
                configVersion: number;
                /** Format: date-time */
                createdAt: string;
                createdBy: string;
                current: boolean;
                description: string;
                failure: string | null;
                failureOutput: string[] | null;
                id: string;
                /** @description The app manifest (fifteen.json) its slug was built with; null without one */
                manifest: {
                  /** @description This schema's URL, for editors. */
                  $schema?: string;
                  /** @description Add-ons provisioned on the deploy that first lists them. */
                  addons?: {
                    /** @description The variable prefix (DATABASE → DATABASE_URL); default: the kind's own (DATABASE, REDIS…). */
                    as?: string;
                    /** @description postgres, redis or url. */
                    kind: string;
                  }[];
                  /**
                   * @description Use this buildpack; detection is skipped.
                   * @enum {unknown}
                   */
                  buildpack?: "node" | "static" | "procfile";
                  /** @description Config the app needs: a release whose config lacks a required key, or has a value that does not match its pattern, fails before any process starts. */
                  config?: {
                    [key: string]:
                      | string
                      | {
                          /** @description What the value is and where to get it. */
                          description: string;
                          /**
                           * @description secret: on the app's first deploy, a random value (64 hex digits) when the key is absent.
                           * @enum {string}
                           */
                          generator?: "secret";
                          /** @description A JavaScript regular expression the whole value must match. */
                          pattern?: string;
                          /** @description Default true; false only checks the pattern when the key is set. */
                          required?: boolean;
                          /** @description Default false; true keeps the value from build steps (processes and one-offs still get it). */
                          runtimeOnly?: boolean;
                          /** @description A default: set on the app's first deploy when the config does not have the key. */
                          value?: string;
                        };
                  };
                  /** @description Scheduled jobs; each deploy makes the app's manifest jobs match this list. */
                  cron?: {
                    /** @description What runs, as a one-off process in the live release. */
                    command: string | string[];
                    /** @description Five cron fields (minute hour day-of-month month day-of-week) or @hourly, @daily… */
                    schedule: string;
                    /** @description IANA time zone of the schedule; default UTC. */
                    tz?: string;
                  }[];
                  /** @description Features the app runs with (http-session-affinity), unless someone turned one on or off with features:enable or features:disable. */
                  features?: "http-session-affinity"[];
                  /** @description Default formation per process type of the Procfile (release excepted). */
                  formation?: {
                    [key: string]: {
                      /** @description How many processes of this type run, unless someone scaled the type with ps:scale. */
                      quantity?: number;
                      /** @description Memory limit of each process of this type, 32M to 1024G (e.g. 512M, 1G), unless someone resized the type with ps:resize. */
                      size?: string;
                    };
                  };
                  /** @description When a new web process counts as up. */
                  healthcheck?: {
                    /** @description A new web process counts as up once GET path answers 2xx or 3xx (after binding $PORT). */
                    path?: string;
                    /** @description How long a new web process may take to come up; default FIFTEEN_BOOT_TIMEOUT_SECONDS. */
                    timeoutSeconds?: number;
                  };
                  scripts?: {
                    /** @description A command line (run by /bin/sh -c) run once, as a one-off, after the app's first successful deploy. */
                    postdeploy?: string;
                  };
                } | null;
                processTypes: {
                  [key: string]: string;
                };
                promotedFromApp: string | null;
                promotedFromRelease: number | null;
                rollbackOf: number | null;
                slugDigest: string;
                sourceDigest: string | null;
                status: "pending" | "succeeded" | "failed";
                version: number;
              } | null;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/apps/{app}/config-vars/{key}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One config var */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
          key: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              key: string;
              value: string;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/cron": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The app's cron jobs, with their next run and the outcome of the last one */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              command: string[];
              /** Format: date-time */
              createdAt: string;
              createdBy: string;
              lastOutcome: string | null;
              lastProcess: string | null;
              lastRunAt: string | null;
              nextRunAt: string | null;
              /** @description What cron:remove and cron:run take */
              number: number;
              schedule: string;
              timezone: string;
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    /** Schedule a command: 5 cron fields, in UTC unless a time zone is given */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            command: string[];
            /** @description e.g. "*\/10 * * * *" or "@daily" */
            schedule: string;
            /** @description IANA name; default UTC */
            timezone?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              command: string[];
              /** Format: date-time */
              createdAt: string;
              createdBy: string;
              lastOutcome: string | null;
              lastProcess: string | null;
              lastRunAt: string | null;
              nextRunAt: string | null;
              /** @description What cron:remove and cron:run take */
              number: number;
              schedule: string;
              timezone: string;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/cron/{number}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Remove a cron job (a run in progress is not stopped) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
          number: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/cron/{number}/run": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Run a cron job now, as scheduler.N (refused while its previous run is still going) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
          number: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              process: string;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_LAST_ADMIN, USER_EXISTS, ACCESS_LAST_OWNER, APP_EXISTS, BUILD_NOT_CANCELABLE, BUILD_CANCELED, NOT_DEPLOYED, PROCESS_NOT_RUNNING, CRON_BUSY, ADDON_EXISTS, ADDON_ALIAS_TAKEN, ADDON_ATTACHED, MASTER_KEY_FROM_ENV, KEY_ROTATION_RUNNING, KEY_ROTATION_INCOMPLETE, DOMAIN_EXISTS, PIPELINE_EXISTS, APP_IN_PIPELINE, DRAIN_EXISTS, DRAIN_LIMIT, WEBHOOK_EXISTS, WEBHOOK_LIMIT */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/domains": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The app's custom domains */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** Format: date-time */
              createdAt: string;
              hostname: string;
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    /** Route a host name to the app */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            hostname: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** Format: date-time */
              createdAt: string;
              hostname: string;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_LAST_ADMIN, USER_EXISTS, ACCESS_LAST_OWNER, APP_EXISTS, BUILD_NOT_CANCELABLE, BUILD_CANCELED, NOT_DEPLOYED, PROCESS_NOT_RUNNING, CRON_BUSY, ADDON_EXISTS, ADDON_ALIAS_TAKEN, ADDON_ATTACHED, MASTER_KEY_FROM_ENV, KEY_ROTATION_RUNNING, KEY_ROTATION_INCOMPLETE, DOMAIN_EXISTS, PIPELINE_EXISTS, APP_IN_PIPELINE, DRAIN_EXISTS, DRAIN_LIMIT, WEBHOOK_EXISTS, WEBHOOK_LIMIT */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/domains/{hostname}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Stop routing a host name to the app */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
          hostname: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/drains": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The app's log drains with their delivery status */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** Format: date-time */
              createdAt: string;
              delivered: number;
              /** @description Lines dropped because the drain's buffer was full */
              dropped: number;
              id: string;
              lastDeliveredAt: string | null;
              lastError: string | null;
              lastErrorAt: string | null;
              /** @description Lines waiting to be delivered */
              pending: number;
              state: "idle" | "delivering" | "retrying" | "stopped";
              /** @description The URL with its user name, password and query values masked */
              url: string;
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    /** Send the app's log lines to a URL (https://, http://, syslog:// or syslog+tls://) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            url: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** Format: date-time */
              createdAt: string;
              delivered: number;
              /** @description Lines dropped because the drain's buffer was full */
              dropped: number;
              id: string;
              lastDeliveredAt: string | null;
              lastError: string | null;
              lastErrorAt: string | null;
              /** @description Lines waiting to be delivered */
              pending: number;
              state: "idle" | "delivering" | "retrying" | "stopped";
              /** @description The URL with its user name, password and query values masked */
              url: string;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_LAST_ADMIN, USER_EXISTS, ACCESS_LAST_OWNER, APP_EXISTS, BUILD_NOT_CANCELABLE, BUILD_CANCELED, NOT_DEPLOYED, PROCESS_NOT_RUNNING, CRON_BUSY, ADDON_EXISTS, ADDON_ALIAS_TAKEN, ADDON_ATTACHED, MASTER_KEY_FROM_ENV, KEY_ROTATION_RUNNING, KEY_ROTATION_INCOMPLETE, DOMAIN_EXISTS, PIPELINE_EXISTS, APP_IN_PIPELINE, DRAIN_EXISTS, DRAIN_LIMIT, WEBHOOK_EXISTS, WEBHOOK_LIMIT */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/drains/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Stop sending the app's logs to a drain */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/features": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The features there are, each with whether it is on for the app */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description What it does, in one line */
              description: string;
              /** @description Whether it is on for the app */
              enabled: boolean;
              /** @description The feature's name, e.g. http-session-affinity */
              name: string;
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/features/{feature}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One feature, with whether it is on for the app (404 FEATURE_UNKNOWN for an unknown name) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
          feature: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description What it does, in one line */
              description: string;
              /** @description Whether it is on for the app */
              enabled: boolean;
              /** @description The feature's name, e.g. http-session-affinity */
              name: string;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Turn a feature on or off for the app; the router applies it at once, with no restart (404 FEATURE_UNKNOWN for an unknown name) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
          feature: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            enabled: boolean;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description What it does, in one line */
              description: string;
              /** @description Whether it is on for the app */
              enabled: boolean;
              /** @description The feature's name, e.g. http-session-affinity */
              name: string;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/apps/{app}/formation": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** How many of each process type should run */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              command: string;
              /** @description Disk (home and tmp) of each process: "1G" */
              disk: string;
              diskMb: number;
              /** @description Memory limit of each process: "512M", "1G" */
              memory: string;
              memoryMb: number;
              quantity: number;
              type: string;
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Scale process types: { web: 3, worker: 1 } */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            [key: string]: number;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              command: string;
              /** @description Disk (home and tmp) of each process: "1G" */
              disk: string;
              diskMb: number;
              /** @description Memory limit of each process: "512M", "1G" */
              memory: string;
              memoryMb: number;
              quantity: number;
              type: string;
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_LAST_ADMIN, USER_EXISTS, ACCESS_LAST_OWNER, APP_EXISTS, BUILD_NOT_CANCELABLE, BUILD_CANCELED, NOT_DEPLOYED, PROCESS_NOT_RUNNING, CRON_BUSY, ADDON_EXISTS, ADDON_ALIAS_TAKEN, ADDON_ATTACHED, MASTER_KEY_FROM_ENV, KEY_ROTATION_RUNNING, KEY_ROTATION_INCOMPLETE, DOMAIN_EXISTS, PIPELINE_EXISTS, APP_IN_PIPELINE, DRAIN_EXISTS, DRAIN_LIMIT, WEBHOOK_EXISTS, WEBHOOK_LIMIT */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/apps/{app}/formation/sizes": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Set memory limits and disks per process type: { web: "512M", worker: { memory: "1G", disk: "4G" } }; their processes restart */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            [key: string]:
              | string
              | {
                  disk?: string;
                  memory?: string;
                };
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              command: string;
              /** @description Disk (home and tmp) of each process: "1G" */
              disk: string;
              diskMb: number;
              /** @description Memory limit of each process: "512M", "1G" */
              memory: string;
              memoryMb: number;
              quantity: number;
              type: string;
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_LAST_ADMIN, USER_EXISTS, ACCESS_LAST_OWNER, APP_EXISTS, BUILD_NOT_CANCELABLE, BUILD_CANCELED, NOT_DEPLOYED, PROCESS_NOT_RUNNING, CRON_BUSY, ADDON_EXISTS, ADDON_ALIAS_TAKEN, ADDON_ATTACHED, MASTER_KEY_FROM_ENV, KEY_ROTATION_RUNNING, KEY_ROTATION_INCOMPLETE, DOMAIN_EXISTS, PIPELINE_EXISTS, APP_IN_PIPELINE, DRAIN_EXISTS, DRAIN_LIMIT, WEBHOOK_EXISTS, WEBHOOK_LIMIT */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/apps/{app}/logs": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Log lines as NDJSON: the last N, then (tail=true) live lines until the client disconnects */
    get: {
      parameters: {
        query?: {
          grep?: string;
          lines?: number;
          ps?: string;
          /** @description A duration back from now (1h, 30m) or an ISO 8601 time */
          since?: string;
          source?: "app" | "router" | "build" | "platform";
          tail?: boolean;
        };
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description One JSON log line per line: seq, time, app, source, process, text (streamed with tail=true) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/x-ndjson": string;
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/maintenance": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Whether the app is in maintenance mode */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Whether the router answers every request with the maintenance page */
              maintenance: boolean;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    /** Turn maintenance mode on or off: while on, the router answers every request with 503 and a maintenance page (the processes keep running); off restores routing at once */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            maintenance: boolean;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Whether the router answers every request with the maintenance page */
              maintenance: boolean;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/metrics": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Request rate, latency quantiles, 5xx rate, memory and open WebSockets per process over time */
    get: {
      parameters: {
        query?: {
          /** @description A duration (1h, 30m, 7d) or a time */
          since?: string;
        };
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              points: {
                /** @description Share of 5xx responses, 0 to 1 */
                errorRate: number | null;
                /** @description Resident bytes per process */
                memory: {
                  [key: string]: number;
                };
                /** @description Latency in ms */
                p50: number | null;
                p95: number | null;
                p99: number | null;
                requests: number;
                /** @description Requests per second */
                rps: number;
                /** Format: date-time */
                time: string;
                /** @description Open WebSockets through the router per process (the most in the period) */
                websockets: {
                  [key: string]: number;
                };
              }[];
              /** @description Seconds per point: 10 for the last day, 300 beyond */
              resolution: number;
              summary: {
                /** @description Share of 5xx responses, 0 to 1 */
                errorRate: number | null;
                /** @description Latency in ms */
                p50: number | null;
                p95: number | null;
                p99: number | null;
                requests: number;
                /** @description Requests per second */
                rps: number;
              };
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/pipeline": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Put the app in a pipeline at a stage, or move it to another stage */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            pipeline: string;
            /** @description development, staging or production */
            stage: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              app: string;
              pipeline: string;
              stage: "development" | "staging" | "production";
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_LAST_ADMIN, USER_EXISTS, ACCESS_LAST_OWNER, APP_EXISTS, BUILD_NOT_CANCELABLE, BUILD_CANCELED, NOT_DEPLOYED, PROCESS_NOT_RUNNING, CRON_BUSY, ADDON_EXISTS, ADDON_ALIAS_TAKEN, ADDON_ATTACHED, MASTER_KEY_FROM_ENV, KEY_ROTATION_RUNNING, KEY_ROTATION_INCOMPLETE, DOMAIN_EXISTS, PIPELINE_EXISTS, APP_IN_PIPELINE, DRAIN_EXISTS, DRAIN_LIMIT, WEBHOOK_EXISTS, WEBHOOK_LIMIT */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    post?: never;
    /** Take the app out of its pipeline */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              app: string;
              pipeline: string;
              stage: "development" | "staging" | "production";
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/processes": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The app's processes: state, since, pid, port, restarts, release, memory */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A one-off's arguments are hidden (`node [arguments hidden]`) unless the caller has app:admin */
              command: string;
              index: number;
              lastExit: string | null;
              /** @description Resident memory of the process and everything it started, now; null while it does not run */
              memoryBytes: number | null;
              /** @description Its memory limit (the formation's size, else the platform's default) */
              memoryLimitBytes: number | null;
              name: string;
              pid: number | null;
              port: number | null;
              release: number;
              restarts: number;
              /** Format: date-time */
              since: string;
              state: "starting" | "up" | "crashed" | "stopping";
              type: string;
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/processes/attach": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * WebSocket: start an attached one-off (run.N) and carry its stdin, stdout, stderr, signals, terminal size and exit status
     * @description The protocol is described in docs/run.md and src/shared/attach.ts.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Switching Protocols: the WebSocket is open */
        101: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/processes/exec": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * WebSocket: run a command inside a running process (`ps:exec`), with its sandbox, uid and env, attached as `run` is
     * @description The protocol is described in docs/run.md and src/shared/attach.ts.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Switching Protocols: the WebSocket is open */
        101: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/processes/restart": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Restart all processes, one type, or one process */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description TYPE or TYPE.N */
            target?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              restarted: number;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/processes/run": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Start a detached one-off (run.N) in the current release; its output goes to the log stream */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description One element runs through /bin/sh -c; several run as an argv, without a shell. */
            command: string[];
            /** @description Extra variables for this run only, over the release's config. */
            env?: {
              [key: string]: string;
            };
            /** @description Memory limit of this one-off, 32M to 1024G (e.g. 1G); default FIFTEEN_DEFAULT_MEMORY. */
            size?: string;
            /** @description Time limit; default 24 h. */
            timeoutSeconds?: number;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description e.g. run.3 */
              name: string;
              release: number;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_LAST_ADMIN, USER_EXISTS, ACCESS_LAST_OWNER, APP_EXISTS, BUILD_NOT_CANCELABLE, BUILD_CANCELED, NOT_DEPLOYED, PROCESS_NOT_RUNNING, CRON_BUSY, ADDON_EXISTS, ADDON_ALIAS_TAKEN, ADDON_ATTACHED, MASTER_KEY_FROM_ENV, KEY_ROTATION_RUNNING, KEY_ROTATION_INCOMPLETE, DOMAIN_EXISTS, PIPELINE_EXISTS, APP_IN_PIPELINE, DRAIN_EXISTS, DRAIN_LIMIT, WEBHOOK_EXISTS, WEBHOOK_LIMIT */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/processes/stop": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Stop one process (TYPE.N); the formation starts a fresh one */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description TYPE or TYPE.N */
            target: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              stopped: string;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/promotions": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Promote the app's current release to every app of its pipeline's next stage */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              pipeline: string;
              /** @description One new release per app of the next stage */
              releases: {
                app: string;
                buildId: string | null;
                buildpack: string | null;
                commit: string | null;
                configVersion: number;
                /** Format: date-time */
                createdAt: string;
                createdBy: string;
                current: boolean;
                description: string;
                failure: string | null;
                failureOutput: string[] | null;
                id: string;
                /** @description The app manifest (fifteen.json) its slug was built with; null without one */
                manifest: {
                  /** @description This schema's URL, for editors. */
                  $schema?: string;
                  /** @description Add-ons provisioned on the deploy that first lists them. */
                  addons?: {
                    /** @description The variable prefix (DATABASE → DATABASE_URL); default: the kind's own (DATABASE, REDIS…). */
                    as?: string;
                    /** @description postgres, redis or url. */
                    kind: string;
                  }[];
                  /**
                   * @description Use this buildpack; detection is skipped.
                   * @enum {unknown}
                   */
                  buildpack?: "node" | "static" | "procfile";
                  /** @description Config the app needs: a release whose config lacks a required key, or has a value that does not match its pattern, fails before any process starts. */
                  config?: {
                    [key: string]:
                      | string
                      | {
                          /** @description What the value is and where to get it. */
                          description: string;
                          /**
                           * @description secret: on the app's first deploy, a random value (64 hex digits) when the key is absent.
                           * @enum {string}
                           */
                          generator?: "secret";
                          /** @description A JavaScript regular expression the whole value must match. */
                          pattern?: string;
                          /** @description Default true; false only checks the pattern when the key is set. */
                          required?: boolean;
                          /** @description Default false; true keeps the value from build steps (processes and one-offs still get it). */
                          runtimeOnly?: boolean;
                          /** @description A default: set on the app's first deploy when the config does not have the key. */
                          value?: string;
                        };
                  };
                  /** @description Scheduled jobs; each deploy makes the app's manifest jobs match this list. */
                  cron?: {
                    /** @description What runs, as a one-off process in the live release. */
                    command: string | string[];
                    /** @description Five cron fields (minute hour day-of-month month day-of-week) or @hourly, @daily… */
                    schedule: string;
                    /** @description IANA time zone of the schedule; default UTC. */
                    tz?: string;
                  }[];
                  /** @description Features the app runs with (http-session-affinity), unless someone turned one on or off with features:enable or features:disable. */
                  features?: "http-session-affinity"[];
                  /** @description Default formation per process type of the Procfile (release excepted). */
                  formation?: {
                    [key: string]: {
                      /** @description How many processes of this type run, unless someone scaled the type with ps:scale. */
                      quantity?: number;
                      /** @description Memory limit of each process of this type, 32M to 1024G (e.g. 512M, 1G), unless someone resized the type with ps:resize. */
                      size?: string;
                    };
                  };
                  /** @description When a new web process counts as up. */
                  healthcheck?: {
                    /** @description A new web process counts as up once GET path answers 2xx or 3xx (after binding $PORT). */
                    path?: string;
                    /** @description How long a new web process may take to come up; default FIFTEEN_BOOT_TIMEOUT_SECONDS. */
                    timeoutSeconds?: number;
                  };
                  scripts?: {
                    /** @description A command line (run by /bin/sh -c) run once, as a one-off, after the app's first successful deploy. */
                    postdeploy?: string;
                  };
                } | null;
                processTypes: {
                  [key: string]: string;
                };
                promotedFromApp: string | null;
                promotedFromRelease: number | null;
                rollbackOf: number | null;
                slugDigest: string;
                sourceDigest: string | null;
                status: "pending" | "succeeded" | "failed";
                version: number;
              }[];
              source: {
                app: string;
                release: number;
                slugDigest: string;
                stage: "development" | "staging" | "production";
              };
              stage: "development" | "staging" | "production";
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/releases": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Releases, newest first */
    get: {
      parameters: {
        query?: {
          limit?: number;
        };
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              app: string;
              buildId: string | null;
              buildpack: string | null;
              commit: string | null;
              configVersion: number;
              /** Format: date-time */
              createdAt: string;
              createdBy: string;
              current: boolean;
              description: string;
              failure: string | null;
              failureOutput: string[] | null;
              id: string;
              /** @description The app manifest (fifteen.json) its slug was built with; null without one */
              manifest: {
                /** @description This schema's URL, for editors. */
                $schema?: string;
                /** @description Add-ons provisioned on the deploy that first lists them. */
                addons?: {
                  /** @description The variable prefix (DATABASE → DATABASE_URL); default: the kind's own (DATABASE, REDIS…). */
                  as?: string;
                  /** @description postgres, redis or url. */
                  kind: string;
                }[];
                /**
                 * @description Use this buildpack; detection is skipped.
                 * @enum {unknown}
                 */
                buildpack?: "node" | "static" | "procfile";
                /** @description Config the app needs: a release whose config lacks a required key, or has a value that does not match its pattern, fails before any process starts. */
                config?: {
                  [key: string]:
                    | string
                    | {
                        /** @description What the value is and where to get it. */
                        description: string;
                        /**
                         * @description secret: on the app's first deploy, a random value (64 hex digits) when the key is absent.
                         * @enum {string}
                         */
                        generator?: "secret";
                        /** @description A JavaScript regular expression the whole value must match. */
                        pattern?: string;
                        /** @description Default true; false only checks the pattern when the key is set. */
                        required?: boolean;
                        /** @description Default false; true keeps the value from build steps (processes and one-offs still get it). */
                        runtimeOnly?: boolean;
                        /** @description A default: set on the app's first deploy when the config does not have the key. */
                        value?: string;
                      };
                };
                /** @description Scheduled jobs; each deploy makes the app's manifest jobs match this list. */
                cron?: {
                  /** @description What runs, as a one-off process in the live release. */
                  command: string | string[];
                  /** @description Five cron fields (minute hour day-of-month month day-of-week) or @hourly, @daily… */
                  schedule: string;
                  /** @description IANA time zone of the schedule; default UTC. */
                  tz?: string;
                }[];
                /** @description Features the app runs with (http-session-affinity), unless someone turned one on or off with features:enable or features:disable. */
                features?: "http-session-affinity"[];
                /** @description Default formation per process type of the Procfile (release excepted). */
                formation?: {
                  [key: string]: {
                    /** @description How many processes of this type run, unless someone scaled the type with ps:scale. */
                    quantity?: number;
                    /** @description Memory limit of each process of this type, 32M to 1024G (e.g. 512M, 1G), unless someone resized the type with ps:resize. */
                    size?: string;
                  };
                };
                /** @description When a new web process counts as up. */
                healthcheck?: {
                  /** @description A new web process counts as up once GET path answers 2xx or 3xx (after binding $PORT). */
                  path?: string;
                  /** @description How long a new web process may take to come up; default FIFTEEN_BOOT_TIMEOUT_SECONDS. */
                  timeoutSeconds?: number;
                };
                scripts?: {
                  /** @description A command line (run by /bin/sh -c) run once, as a one-off, after the app's first successful deploy. */
                  postdeploy?: string;
                };
              } | null;
              processTypes: {
                [key: string]: string;
              };
              promotedFromApp: string | null;
              promotedFromRelease: number | null;
              rollbackOf: number | null;
              slugDigest: string;
              sourceDigest: string | null;
              status: "pending" | "succeeded" | "failed";
              version: number;
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/releases/{version}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One release */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
          version: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              app: string;
              buildId: string | null;
              buildpack: string | null;
              commit: string | null;
              configVersion: number;
              /** Format: date-time */
              createdAt: string;
              createdBy: string;
              current: boolean;
              description: string;
              failure: string | null;
              failureOutput: string[] | null;
              id: string;
              /** @description The app manifest (fifteen.json) its slug was built with; null without one */
              manifest: {
                /** @description This schema's URL, for editors. */
                $schema?: string;
                /** @description Add-ons provisioned on the deploy that first lists them. */
                addons?: {
                  /** @description The variable prefix (DATABASE → DATABASE_URL); default: the kind's own (DATABASE, REDIS…). */
                  as?: string;
                  /** @description postgres, redis or url. */
                  kind: string;
                }[];
                /**
                 * @description Use this buildpack; detection is skipped.
                 * @enum {unknown}
                 */
                buildpack?: "node" | "static" | "procfile";
                /** @description Config the app needs: a release whose config lacks a required key, or has a value that does not match its pattern, fails before any process starts. */
                config?: {
                  [key: string]:
                    | string
                    | {
                        /** @description What the value is and where to get it. */
                        description: string;
                        /**
                         * @description secret: on the app's first deploy, a random value (64 hex digits) when the key is absent.
                         * @enum {string}
                         */
                        generator?: "secret";
                        /** @description A JavaScript regular expression the whole value must match. */
                        pattern?: string;
                        /** @description Default true; false only checks the pattern when the key is set. */
                        required?: boolean;
                        /** @description Default false; true keeps the value from build steps (processes and one-offs still get it). */
                        runtimeOnly?: boolean;
                        /** @description A default: set on the app's first deploy when the config does not have the key. */
                        value?: string;
                      };
                };
                /** @description Scheduled jobs; each deploy makes the app's manifest jobs match this list. */
                cron?: {
                  /** @description What runs, as a one-off process in the live release. */
                  command: string | string[];
                  /** @description Five cron fields (minute hour day-of-month month day-of-week) or @hourly, @daily… */
                  schedule: string;
                  /** @description IANA time zone of the schedule; default UTC. */
                  tz?: string;
                }[];
                /** @description Features the app runs with (http-session-affinity), unless someone turned one on or off with features:enable or features:disable. */
                features?: "http-session-affinity"[];
                /** @description Default formation per process type of the Procfile (release excepted). */
                formation?: {
                  [key: string]: {
                    /** @description How many processes of this type run, unless someone scaled the type with ps:scale. */
                    quantity?: number;
                    /** @description Memory limit of each process of this type, 32M to 1024G (e.g. 512M, 1G), unless someone resized the type with ps:resize. */
                    size?: string;
                  };
                };
                /** @description When a new web process counts as up. */
                healthcheck?: {
                  /** @description A new web process counts as up once GET path answers 2xx or 3xx (after binding $PORT). */
                  path?: string;
                  /** @description How long a new web process may take to come up; default FIFTEEN_BOOT_TIMEOUT_SECONDS. */
                  timeoutSeconds?: number;
                };
                scripts?: {
                  /** @description A command line (run by /bin/sh -c) run once, as a one-off, after the app's first successful deploy. */
                  postdeploy?: string;
                };
              } | null;
              processTypes: {
                [key: string]: string;
              };
              promotedFromApp: string | null;
              promotedFromRelease: number | null;
              rollbackOf: number | null;
              slugDigest: string;
              sourceDigest: string | null;
              status: "pending" | "succeeded" | "failed";
              version: number;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/rename": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Rename an app: its processes keep running and answer at the new host name; the old one stops answering */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description The new name (a DNS label) */
            name: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** Format: date-time */
              createdAt: string;
              currentRelease: number | null;
              /** @description The one branch a git push deploys */
              deployBranch: string;
              gitUrlPath: string;
              id: string;
              name: string;
              webUrl: string | null;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_LAST_ADMIN, USER_EXISTS, ACCESS_LAST_OWNER, APP_EXISTS, BUILD_NOT_CANCELABLE, BUILD_CANCELED, NOT_DEPLOYED, PROCESS_NOT_RUNNING, CRON_BUSY, ADDON_EXISTS, ADDON_ALIAS_TAKEN, ADDON_ATTACHED, MASTER_KEY_FROM_ENV, KEY_ROTATION_RUNNING, KEY_ROTATION_INCOMPLETE, DOMAIN_EXISTS, PIPELINE_EXISTS, APP_IN_PIPELINE, DRAIN_EXISTS, DRAIN_LIMIT, WEBHOOK_EXISTS, WEBHOOK_LIMIT */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/rollbacks": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Roll back: a new release with an earlier release's slug and config */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description Default: the release before the current */
            version?: number;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              app: string;
              buildId: string | null;
              buildpack: string | null;
              commit: string | null;
              configVersion: number;
              /** Format: date-time */
              createdAt: string;
              createdBy: string;
              current: boolean;
              description: string;
              failure: string | null;
              failureOutput: string[] | null;
              id: string;
              /** @description The app manifest (fifteen.json) its slug was built with; null without one */
              manifest: {
                /** @description This schema's URL, for editors. */
                $schema?: string;
                /** @description Add-ons provisioned on the deploy that first lists them. */
                addons?: {
                  /** @description The variable prefix (DATABASE → DATABASE_URL); default: the kind's own (DATABASE, REDIS…). */
                  as?: string;
                  /** @description postgres, redis or url. */
                  kind: string;
                }[];
                /**
                 * @description Use this buildpack; detection is skipped.
                 * @enum {unknown}
                 */
                buildpack?: "node" | "static" | "procfile";
                /** @description Config the app needs: a release whose config lacks a required key, or has a value that does not match its pattern, fails before any process starts. */
                config?: {
                  [key: string]:
                    | string
                    | {
                        /** @description What the value is and where to get it. */
                        description: string;
                        /**
                         * @description secret: on the app's first deploy, a random value (64 hex digits) when the key is absent.
                         * @enum {string}
                         */
                        generator?: "secret";
                        /** @description A JavaScript regular expression the whole value must match. */
                        pattern?: string;
                        /** @description Default true; false only checks the pattern when the key is set. */
                        required?: boolean;
                        /** @description Default false; true keeps the value from build steps (processes and one-offs still get it). */
                        runtimeOnly?: boolean;
                        /** @description A default: set on the app's first deploy when the config does not have the key. */
                        value?: string;
                      };
                };
                /** @description Scheduled jobs; each deploy makes the app's manifest jobs match this list. */
                cron?: {
                  /** @description What runs, as a one-off process in the live release. */
                  command: string | string[];
                  /** @description Five cron fields (minute hour day-of-month month day-of-week) or @hourly, @daily… */
                  schedule: string;
                  /** @description IANA time zone of the schedule; default UTC. */
                  tz?: string;
                }[];
                /** @description Features the app runs with (http-session-affinity), unless someone turned one on or off with features:enable or features:disable. */
                features?: "http-session-affinity"[];
                /** @description Default formation per process type of the Procfile (release excepted). */
                formation?: {
                  [key: string]: {
                    /** @description How many processes of this type run, unless someone scaled the type with ps:scale. */
                    quantity?: number;
                    /** @description Memory limit of each process of this type, 32M to 1024G (e.g. 512M, 1G), unless someone resized the type with ps:resize. */
                    size?: string;
                  };
                };
                /** @description When a new web process counts as up. */
                healthcheck?: {
                  /** @description A new web process counts as up once GET path answers 2xx or 3xx (after binding $PORT). */
                  path?: string;
                  /** @description How long a new web process may take to come up; default FIFTEEN_BOOT_TIMEOUT_SECONDS. */
                  timeoutSeconds?: number;
                };
                scripts?: {
                  /** @description A command line (run by /bin/sh -c) run once, as a one-off, after the app's first successful deploy. */
                  postdeploy?: string;
                };
              } | null;
              processTypes: {
                [key: string]: string;
              };
              promotedFromApp: string | null;
              promotedFromRelease: number | null;
              rollbackOf: number | null;
              slugDigest: string;
              sourceDigest: string | null;
              status: "pending" | "succeeded" | "failed";
              version: number;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/webhooks": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The app's webhooks (never their secrets) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** Format: date-time */
              createdAt: string;
              createdBy: string;
              events: ("build" | "release" | "formation" | "crash" | "addon")[];
              id: string;
              /** @description The URL with its user name, password and query values masked */
              url: string;
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    /** POST the app's events, signed, to an https:// or http:// URL */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description One or more of build, release, formation, crash, addon */
            events: string[];
            /** @description Generated (whsec_…) when absent */
            secret?: string;
            url: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** Format: date-time */
              createdAt: string;
              createdBy: string;
              events: ("build" | "release" | "formation" | "crash" | "addon")[];
              id: string;
              /** @description The signing secret; shown in this answer only */
              secret: string;
              /** @description The URL with its user name, password and query values masked */
              url: string;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_LAST_ADMIN, USER_EXISTS, ACCESS_LAST_OWNER, APP_EXISTS, BUILD_NOT_CANCELABLE, BUILD_CANCELED, NOT_DEPLOYED, PROCESS_NOT_RUNNING, CRON_BUSY, ADDON_EXISTS, ADDON_ALIAS_TAKEN, ADDON_ATTACHED, MASTER_KEY_FROM_ENV, KEY_ROTATION_RUNNING, KEY_ROTATION_INCOMPLETE, DOMAIN_EXISTS, PIPELINE_EXISTS, APP_IN_PIPELINE, DRAIN_EXISTS, DRAIN_LIMIT, WEBHOOK_EXISTS, WEBHOOK_LIMIT */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/webhooks/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Stop sending the app's events to a webhook; its pending deliveries are dropped */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/apps/{app}/webhooks/{id}/deliveries": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The webhook's last 100 deliveries, newest first, with every attempt */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          app: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              action: string;
              attempts: {
                /** Format: date-time */
                at: string;
                durationMs: number;
                error: string | null;
                number: number;
                statusCode: number | null;
              }[];
              /** Format: date-time */
              createdAt: string;
              event: "build" | "release" | "formation" | "crash" | "addon";
              /** @description The payload's id */
              eventId: string;
              finishedAt: string | null;
              /** @description Sent as the Fifteen-Delivery header */
              id: string;
              nextAttemptAt: string | null;
              status: "pending" | "delivered" | "failed";
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/audit": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The audit log, newest first: every change and every refused request */
    get: {
      parameters: {
        query?: {
          limit?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description METHOD /route/template */
              action: string;
              /** @description The token's name, or anonymous */
              actor: string;
              hash: string;
              outcome: "allowed" | "denied";
              seq: number;
              sourceIp: string;
              status: number;
              target: string | null;
              /** Format: date-time */
              time: string;
              tokenId: string | null;
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/audit/verify": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Check the audit log's hash chain from its first entry */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Entries that hold, from the first */
              checked: number;
              firstBroken: {
                reason: string;
                seq: number;
              } | null;
              ok: boolean;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/doctor": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** How the platform is set up: isolation, store, router, add-on servers, telemetry */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              advice?: string;
              detail: string;
              name: string;
              ok: boolean;
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/login": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Log in with email and password: a new token for the user (rate-limited) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            email: string;
            password: string;
            tokenName?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              email: string;
              expiresAt: string | null;
              id: string;
              /** @description The secret: shown in this response only */
              token: string;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description LOGIN_RATE_LIMITED */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/pipelines": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Pipelines (a token limited to one app sees only that app's) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Apps in the pipeline that this token can see */
              appCount: number;
              /** Format: date-time */
              createdAt: string;
              createdBy: string;
              id: string;
              name: string;
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    /** Create a pipeline */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            name: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Apps in the pipeline that this token can see */
              appCount: number;
              /** Format: date-time */
              createdAt: string;
              createdBy: string;
              id: string;
              name: string;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_LAST_ADMIN, USER_EXISTS, ACCESS_LAST_OWNER, APP_EXISTS, BUILD_NOT_CANCELABLE, BUILD_CANCELED, NOT_DEPLOYED, PROCESS_NOT_RUNNING, CRON_BUSY, ADDON_EXISTS, ADDON_ALIAS_TAKEN, ADDON_ATTACHED, MASTER_KEY_FROM_ENV, KEY_ROTATION_RUNNING, KEY_ROTATION_INCOMPLETE, DOMAIN_EXISTS, PIPELINE_EXISTS, APP_IN_PIPELINE, DRAIN_EXISTS, DRAIN_LIMIT, WEBHOOK_EXISTS, WEBHOOK_LIMIT */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/pipelines/{pipeline}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A pipeline's apps by stage, each with its current release */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          pipeline: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              apps: {
                app: string;
                release: {
                  /** Format: date-time */
                  createdAt: string;
                  description: string;
                  slugDigest: string;
                  version: number;
                } | null;
                stage: "development" | "staging" | "production";
              }[];
              /** Format: date-time */
              createdAt: string;
              createdBy: string;
              id: string;
              name: string;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Destroy a pipeline; its apps leave it and are otherwise untouched */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          pipeline: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              pipeline: string;
              removedApps: string[];
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/tokens": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** API tokens (never their secrets): a user's own, or every token for a platform admin */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              app: string | null;
              /** Format: date-time */
              createdAt: string;
              expiresAt: string | null;
              id: string;
              name: string;
              permissions: string[];
              user: string | null;
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    /** Issue a token: some permissions, optionally one app only, optionally expiring */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            app?: string;
            expiresInDays?: number;
            name: string;
            permissions: ("app:read" | "app:deploy" | "app:admin" | "app:owner" | "platform:admin")[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              app: string | null;
              /** Format: date-time */
              createdAt: string;
              expiresAt: string | null;
              id: string;
              name: string;
              permissions: string[];
              /** @description The secret: shown in this response only */
              token: string;
              user: string | null;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/tokens/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke a token: it stops working at once */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/users": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every user of the platform */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** Format: date-time */
              createdAt: string;
              email: string;
              id: string;
              platformAdmin: boolean;
            }[];
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    /** Create a user; without a password one is generated and shown in this response only */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            email: string;
            password?: string;
            platformAdmin?: boolean;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** Format: date-time */
              createdAt: string;
              email: string;
              id: string;
              /** @description The generated password: shown once */
              password?: string;
              platformAdmin: boolean;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_LAST_ADMIN, USER_EXISTS, ACCESS_LAST_OWNER, APP_EXISTS, BUILD_NOT_CANCELABLE, BUILD_CANCELED, NOT_DEPLOYED, PROCESS_NOT_RUNNING, CRON_BUSY, ADDON_EXISTS, ADDON_ALIAS_TAKEN, ADDON_ATTACHED, MASTER_KEY_FROM_ENV, KEY_ROTATION_RUNNING, KEY_ROTATION_INCOMPLETE, DOMAIN_EXISTS, PIPELINE_EXISTS, APP_IN_PIPELINE, DRAIN_EXISTS, DRAIN_LIMIT, WEBHOOK_EXISTS, WEBHOOK_LIMIT */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/users/{email}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Remove a user: their roles go and their tokens stop working at once */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          email: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description TOKEN_NOT_FOUND, USER_NOT_FOUND, ROUTE_NOT_FOUND, APP_NOT_FOUND, CONFIG_KEY_NOT_FOUND, BUILD_NOT_FOUND, RELEASE_NOT_FOUND, PROCESS_NOT_FOUND, CRON_NOT_FOUND, ADDON_NOT_FOUND, FEATURE_UNKNOWN, DOMAIN_NOT_FOUND, CERT_NOT_FOUND, PIPELINE_NOT_FOUND, APP_NOT_IN_PIPELINE, DRAIN_NOT_FOUND, WEBHOOK_NOT_FOUND */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description BRANCH_INVALID, TOKEN_INVALID, USER_INVALID, PASSWORD_INVALID, APP_NAME_INVALID, APP_NAME_RESERVED, CONFIRM_MISMATCH, CONFIG_KEY_INVALID, CONFIG_KEY_RESERVED, CONFIG_VALUE_INVALID, SOURCE_INVALID, SOURCE_UNSAFE, ROLLBACK_INVALID, NO_BUILDPACK, LOCKFILE_MISSING, PACKAGE_MANAGER_UNSUPPORTED, PACKAGE_JSON_INVALID, NODE_VERSION_UNAVAILABLE, MANIFEST_INVALID, PROCFILE_INVALID, NO_PROCESS_TYPES, BUILD_COMMAND_FAILED, BUILD_TIMEOUT, PROCESS_TYPE_UNKNOWN, FORMATION_INVALID, FORMATION_SIZE_INVALID, RUN_INVALID, RELEASE_PHASE_FAILED, CRON_INVALID, ADDON_KIND_UNKNOWN, ADDON_INVALID, MASTER_KEY_INVALID, DOMAIN_INVALID, CERT_INVALID, CERT_KEY_MISMATCH, CERT_HOST_MISMATCH, CERT_EXPIRED, PIPELINE_NAME_INVALID, PIPELINE_STAGE_INVALID, PROMOTE_INVALID, WEBHOOK_EVENTS_INVALID, WEBHOOK_SECRET_INVALID, URL_INVALID, EGRESS_REFUSED, EGRESS_UNRESOLVABLE */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/whoami": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who the token acts for: its name or user, permissions and app limit */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              app: string | null;
              name: string;
              permissions: string[];
              platformAdmin: boolean;
              user: string | null;
            };
          };
        };
        /** @description REQUEST_INVALID */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description AUTH_REQUIRED, LOGIN_FAILED */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
        /** @description FORBIDDEN */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description A code from docs/errors.md */
              code: string;
              /** @description What went wrong and how to fix it */
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: never;
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
