// The record of every Bot API call, for tests that assert what the bot did.

const DEFAULT_MAX_ENTRIES = 100000;

function matches(entry, { method, chatId, botId }) {
  if (method && entry.methodKey !== method) return false;
  if (chatId !== undefined && chatId !== null && String(entry.params.chat_id) !== String(chatId)) return false;
  if (botId !== undefined && botId !== null && entry.bot_id !== botId) return false;
  return true;
}

function normalizeFilter({ method, chatId, botId } = {}) {
  return {
    method: method ? String(method).toLowerCase() : null,
    chatId: chatId === undefined || chatId === '' ? null : chatId,
    botId: botId === undefined || botId === null || botId === '' ? null : Number(botId),
  };
}

function publicEntry(entry) {
  const { methodKey, ...rest } = entry;
  return rest;
}

/** Bounded, ordered log of Bot API calls with sequence numbers starting at 1. */
export class CallLog {
  constructor(maxEntries = DEFAULT_MAX_ENTRIES) {
    this.maxEntries = maxEntries;
    this.entries = [];
    this.nextSeq = 1;
    this.waiters = new Set();
    this.countsByMethod = new Map();
    this.total = 0;
    this.failed = 0;
  }

  get lastSeq() {
    return this.nextSeq - 1;
  }

  append(entry) {
    entry.seq = this.nextSeq++;
    entry.methodKey = entry.method.toLowerCase();
    this.entries.push(entry);
    if (this.entries.length > this.maxEntries * 1.25) this.entries = this.entries.slice(this.entries.length - this.maxEntries);
    this.total++;
    if (!entry.ok) this.failed++;
    this.countsByMethod.set(entry.method, (this.countsByMethod.get(entry.method) || 0) + 1);
    if (this.waiters.size > 0) {
      for (const waiter of this.waiters) {
        if (entry.seq > waiter.since && matches(entry, waiter.filter)) {
          this.waiters.delete(waiter);
          clearTimeout(waiter.timer);
          waiter.resolve(publicEntry(entry));
        }
      }
    }
    return entry.seq;
  }

  startIndex(since) {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.entries[middle].seq <= since) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Returns the calls with seq > since that match the filter, oldest first. */
  since(since, filter) {
    const normalized = normalizeFilter(filter);
    const result = [];
    for (let index = this.startIndex(Number(since) || 0); index < this.entries.length; index++) {
      const entry = this.entries[index];
      if (matches(entry, normalized)) result.push(publicEntry(entry));
    }
    return result;
  }

  /** Resolves with the first matching call after `since`, or null after timeoutMs. */
  waitFor(since, filter, timeoutMs) {
    const existing = this.since(since, filter);
    if (existing.length > 0) return Promise.resolve(existing[0]);
    return new Promise((resolve) => {
      const waiter = { since: Number(since) || 0, filter: normalizeFilter(filter), resolve };
      waiter.timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(null);
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  clear() {
    this.entries = [];
    this.countsByMethod.clear();
    this.total = 0;
    this.failed = 0;
  }

  stats() {
    return {
      total: this.total,
      failed: this.failed,
      last_seq: this.lastSeq,
      by_method: Object.fromEntries([...this.countsByMethod.entries()].sort((a, b) => b[1] - a[1])),
    };
  }
}
