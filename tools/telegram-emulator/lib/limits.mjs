// Rate limits (429 with retry_after) and injected faults for Bot API calls.

import { ApiError, tooManyRequests } from './errors.mjs';

const DEFAULT_FAULT_DESCRIPTIONS = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * Sliding-window limits on sending and editing methods, counted per bot. The limits commonly
 * cited for the real Bot API are about 1 message per second per chat, 20 per minute per group and
 * 30 per second overall. Every limit is off (0) until configured. Windows use the virtual clock, so advancing it ends them.
 */
export class RateLimiter {
  constructor(nowMs) {
    this.nowMs = nowMs;
    this.reset();
  }

  reset() {
    this.limits = { perChatPerSecond: 0, perGroupPerMinute: 0, globalPerSecond: 0 };
    this.windows = new Map();
  }

  configure({ per_chat_per_second: perChat, per_group_per_minute: perGroup, global_per_second: global } = {}) {
    const toLimit = (value, name) => {
      if (value === undefined || value === null) return 0;
      const number = Number(value);
      if (!Number.isFinite(number) || number < 0) throw new Error(`invalid ${name} "${value}": expected a non-negative number`);
      return Math.floor(number);
    };
    this.limits = {
      perChatPerSecond: toLimit(perChat, 'per_chat_per_second'),
      perGroupPerMinute: toLimit(perGroup, 'per_group_per_minute'),
      globalPerSecond: toLimit(global, 'global_per_second'),
    };
    this.windows.clear();
    return this.describe();
  }

  describe() {
    return {
      per_chat_per_second: this.limits.perChatPerSecond,
      per_group_per_minute: this.limits.perGroupPerMinute,
      global_per_second: this.limits.globalPerSecond,
    };
  }

  *activeWindows(botId, chat) {
    const { perChatPerSecond, perGroupPerMinute, globalPerSecond } = this.limits;
    if (perChatPerSecond > 0) yield [`${botId}:chat:${chat.id}`, perChatPerSecond, 1000];
    if (perGroupPerMinute > 0 && (chat.type === 'group' || chat.type === 'supergroup')) {
      yield [`${botId}:group:${chat.id}`, perGroupPerMinute, 60000];
    }
    if (globalPerSecond > 0) yield [`${botId}:global`, globalPerSecond, 1000];
  }

  /** Raises 429 with retry_after when one more message would exceed a limit. */
  check(botId, chat) {
    const now = this.nowMs();
    let retryAfter = 0;
    for (const [key, limit, windowMs] of this.activeWindows(botId, chat)) {
      const stamps = this.windows.get(key);
      if (!stamps) continue;
      while (stamps.length > 0 && stamps[0] <= now - windowMs) stamps.shift();
      if (stamps.length >= limit) {
        retryAfter = Math.max(retryAfter, Math.max(1, Math.ceil((stamps[0] + windowMs - now) / 1000)));
      }
    }
    if (retryAfter > 0) throw tooManyRequests(retryAfter);
  }

  record(botId, chat) {
    const now = this.nowMs();
    for (const [key] of this.activeWindows(botId, chat)) {
      let stamps = this.windows.get(key);
      if (!stamps) {
        stamps = [];
        this.windows.set(key, stamps);
      }
      stamps.push(now);
    }
  }
}

/** Errors queued for the next calls of a method, optionally only for one chat_id. */
export class FaultInjector {
  constructor() {
    this.faults = [];
  }

  add(fields) {
    const method = String(fields.method || '').trim();
    if (!method) throw new Error('method is required; use "*" to match every method');
    const count = fields.count === undefined ? 1 : Number(fields.count);
    if (!Number.isInteger(count) || count < 1) throw new Error(`invalid count "${fields.count}": expected a positive integer`);
    const fault = { method: method.toLowerCase(), methodName: method, count, chatId: fields.chat_id ?? null };
    if (fields.drop_connection === true) {
      fault.dropConnection = true;
    } else {
      const errorCode = Number(fields.error_code);
      if (!Number.isInteger(errorCode) || errorCode < 400 || errorCode > 599) {
        throw new Error(`invalid error_code "${fields.error_code}": expected 400-599, or pass drop_connection: true`);
      }
      fault.errorCode = errorCode;
      const parameters = {};
      if (errorCode === 429) parameters.retry_after = Number(fields.retry_after) || 1;
      else if (fields.retry_after !== undefined) parameters.retry_after = Number(fields.retry_after);
      if (fields.migrate_to_chat_id !== undefined) parameters.migrate_to_chat_id = Number(fields.migrate_to_chat_id);
      fault.parameters = Object.keys(parameters).length > 0 ? parameters : undefined;
      fault.description = fields.description ||
        (errorCode === 429 ? `Too Many Requests: retry after ${parameters.retry_after}` : DEFAULT_FAULT_DESCRIPTIONS[errorCode] || 'Error');
    }
    this.faults.push(fault);
    return this.describe(fault);
  }

  describe(fault) {
    const result = { method: fault.methodName, count: fault.count };
    if (fault.chatId !== null) result.chat_id = fault.chatId;
    if (fault.dropConnection) result.drop_connection = true;
    else Object.assign(result, { error_code: fault.errorCode, description: fault.description, parameters: fault.parameters });
    return result;
  }

  /** Consumes and returns the first fault matching the call, or null. */
  take(method, params) {
    if (this.faults.length === 0) return null;
    for (let index = 0; index < this.faults.length; index++) {
      const fault = this.faults[index];
      if (fault.method !== '*' && fault.method !== method) continue;
      if (fault.chatId !== null && String(fault.chatId) !== String(params.chat_id)) continue;
      fault.count--;
      if (fault.count <= 0) this.faults.splice(index, 1);
      return fault;
    }
    return null;
  }

  toError(fault) {
    return new ApiError(fault.errorCode, fault.description, fault.parameters);
  }

  clear() {
    this.faults = [];
  }

  list() {
    return this.faults.map((fault) => this.describe(fault));
  }
}
