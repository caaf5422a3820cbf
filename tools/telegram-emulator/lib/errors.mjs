// Error types shared by the Bot API and control API handlers.

/** A Bot API failure, sent as {"ok":false,"error_code":code,"description":...}. */
export class ApiError extends Error {
  constructor(errorCode, description, parameters) {
    super(description);
    this.errorCode = errorCode;
    this.description = description;
    this.parameters = parameters;
  }

  toJSON() {
    const body = { ok: false, error_code: this.errorCode, description: this.description };
    if (this.parameters) body.parameters = this.parameters;
    return body;
  }
}

export function badRequest(text, parameters) {
  return new ApiError(400, `Bad Request: ${text}`, parameters);
}

export function forbidden(text) {
  return new ApiError(403, `Forbidden: ${text}`);
}

export function tooManyRequests(retryAfter) {
  return new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
}

/** A control API failure, sent as {"ok":false,"error":message} with the given HTTP status. */
export class ControlError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function invalidControl(message) {
  return new ControlError(400, message);
}

export function notFoundControl(message) {
  return new ControlError(404, message);
}
