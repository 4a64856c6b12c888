// Types of every API operation, derived from the generated OpenAPI types (src/client/generated/openapi.ts):
// what a route takes (path parameters, query, JSON body) and what it answers. The client is written only in these terms,
// so a route whose schema changes breaks the client at compile time, not at run time.
import type { paths } from "./generated/openapi.js";

export type Method = "get" | "post" | "put" | "patch" | "delete";
export type Route = keyof paths;

/** The operation at a path and method (never when the route has no such method). */
type Operation<P extends Route, M extends Method> = M extends keyof paths[P]
  ? NonNullable<paths[P][M]>
  : never;

type Json<R> = R extends { content: { "application/json": infer T } } ? T : void;

/** The JSON body of the operation's success response (200, 201 or 204). */
export type Ok<P extends Route, M extends Method> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: infer S }
      ? Json<S>
      : R extends { 201: infer S }
        ? Json<S>
        : void
    : never;

export type PathParams<P extends Route, M extends Method> =
  Operation<P, M> extends { parameters: { path: infer T } } ? T : Record<string, never>;

export type Query<P extends Route, M extends Method> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : Record<string, never>;

export type Body<P extends Route, M extends Method> =
  Operation<P, M> extends { requestBody: { content: { "application/json": infer B } } } ? B : undefined;

/** What a call of the operation takes besides its method and path. */
export interface Args<P extends Route, M extends Method> {
  path?: PathParams<P, M>;
  query?: Query<P, M>;
  json?: Body<P, M>;
}

/** `/v1/apps/{app}/builds/{build}` with its parameters filled in (each one URL-encoded). */
export function fillPath(template: string, params: unknown): string {
  const values = (params ?? {}) as Record<string, string | number>;
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(String(value));
  });
}
