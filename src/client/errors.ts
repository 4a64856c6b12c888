// What every failed API call becomes: the HTTP status, the error code from docs/errors.md, and the message.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}
