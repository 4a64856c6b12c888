// The typed handle every repository takes: the whole database or one transaction of it.
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

export type Db = Kysely<Database>;
