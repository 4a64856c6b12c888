// Users: created by a platform admin, logging in with email and password (scrypt, rate-limited) for a token.
import { randomBytes, randomUUID } from "node:crypto";
import { now } from "../shared/clock.js";
import { FifteenError } from "../shared/errors.js";
import type { Store, UserRow } from "../store/index.js";
import { LoginLimiter } from "./login-limiter.js";
import { DUMMY_HASH, hashPassword, verifyPassword } from "./passwords.js";
import { assertTokenName, type TokenService } from "./tokens.js";
import type { Principal } from "./types.js";

export interface User {
  id: string;
  email: string;
  platformAdmin: boolean;
  createdAt: string;
}

export interface NewUser {
  email: string;
  /** Omitted: a random password is generated and returned once. */
  password?: string | undefined;
  platformAdmin: boolean;
}

/** Login tokens last this long; `fifteen login` again makes a new one. */
const LOGIN_TOKEN_DAYS = 30;
const EMAIL =
  /^[^\s@]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function toUser(row: UserRow): User {
  return { id: row.id, email: row.email, platformAdmin: row.platform_admin === 1, createdAt: row.created_at };
}

/** Lower-cased and checked; throws USER_INVALID otherwise. */
export function normalEmail(email: string): string {
  const lower = email.trim().toLowerCase();
  if (lower.length > 254 || !EMAIL.test(lower)) {
    throw new FifteenError(
      "USER_INVALID",
      `${JSON.stringify(email)} is not an email address (name@example.com, at most 254 characters).`,
    );
  }
  return lower;
}

function checkPassword(password: string): void {
  if (password.length < 10 || password.length > 256) {
    throw new FifteenError(
      "PASSWORD_INVALID",
      "A password must be 10 to 256 characters long; a passphrase of a few words is good.",
    );
  }
}

export class UserService {
  readonly #limiter = new LoginLimiter();

  constructor(
    private readonly store: Store,
    private readonly tokens: TokenService,
  ) {}

  async list(): Promise<User[]> {
    return (await this.store.users.list()).map(toUser);
  }

  async create(input: NewUser): Promise<User & { password?: string }> {
    const email = normalEmail(input.email);
    const generated = input.password === undefined ? randomBytes(18).toString("base64url") : undefined;
    const password = input.password ?? (generated as string);
    checkPassword(password);
    if (await this.store.users.byEmail(email)) {
      throw new FifteenError(
        "USER_EXISTS",
        `A user with email ${email} already exists; see \`fifteen users\`.`,
      );
    }
    const row: UserRow = {
      id: randomUUID(),
      email,
      password_hash: await hashPassword(password),
      platform_admin: input.platformAdmin ? 1 : 0,
      created_at: now(),
    };
    await this.store.users.insert(row).catch(async (err: unknown) => {
      if (await this.store.users.byEmail(email)) {
        throw new FifteenError("USER_EXISTS", `A user with email ${email} already exists.`);
      }
      throw err;
    });
    return generated === undefined ? toUser(row) : { ...toUser(row), password: generated };
  }

  /** Removes the user, their roles and their tokens (which stop working at once). */
  async remove(email: string): Promise<void> {
    const user = await this.#find(email);
    if (!(await this.store.users.delete(user.id))) throw this.#notFound(email);
  }

  async byEmail(email: string): Promise<UserRow> {
    return this.#find(email);
  }

  /** Seconds until a login for this email from this source is allowed again (0: now). */
  retryAfterSeconds(email: string, source: string): number {
    return Math.ceil(this.#limiter.retryAfter(email.trim().toLowerCase(), source) / 1000);
  }

  /** Email and password for a fresh token, at most a few failures per email and per source address. */
  async login(
    email: string,
    password: string,
    source: string,
    tokenName?: string,
  ): Promise<{ token: string; id: string; email: string; expiresAt: string | null }> {
    const key = email.trim().toLowerCase();
    if (tokenName !== undefined) assertTokenName(tokenName);
    const attempt = this.#limiter.begin(key, source);
    if (!attempt) {
      const wait = this.retryAfterSeconds(key, source);
      throw new FifteenError(
        "LOGIN_RATE_LIMITED",
        `Too many logins for this email or from this address; try again in ${wait} s.`,
      );
    }
    let row: UserRow | undefined;
    let ok = false;
    try {
      row = await this.store.users.byEmail(key);
      ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    } finally {
      this.#limiter.end(attempt, ok && row !== undefined);
    }
    if (!row || !ok) throw new FifteenError("LOGIN_FAILED", "Wrong email or password.");
    const issued = await this.tokens.forUser(
      row,
      tokenName ?? `login ${now().slice(0, 10)}`,
      LOGIN_TOKEN_DAYS,
    );
    return { token: issued.token, id: issued.id, email: row.email, expiresAt: issued.expiresAt };
  }

  async changePassword(principal: Principal, current: string, next: string): Promise<void> {
    if (!principal.user) {
      throw new FifteenError("FORBIDDEN", "This token belongs to no user; only users have passwords.");
    }
    const row = await this.store.users.byId(principal.user.id);
    if (!row || !(await verifyPassword(current, row.password_hash))) {
      throw new FifteenError("LOGIN_FAILED", "The current password is wrong; nothing was changed.");
    }
    checkPassword(next);
    await this.store.users.setPassword(row.id, await hashPassword(next));
  }

  async #find(email: string): Promise<UserRow> {
    const row = await this.store.users.byEmail(normalEmail(email));
    if (!row) throw this.#notFound(email);
    return row;
  }

  #notFound(email: string): FifteenError {
    return new FifteenError("USER_NOT_FOUND", `No user with email ${email}; \`fifteen users\` lists them.`);
  }
}
