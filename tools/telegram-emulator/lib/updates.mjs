// Per-bot update queues with Telegram's delivery semantics: getUpdates with offset confirmation and
// long polling, or webhook delivery with retries, plus waiting for a bot to confirm an update.

import http from 'node:http';
import { ApiError, badRequest } from './errors.mjs';
import { allowedUpdateSet, defaultAllowedUpdates } from './model.mjs';

const MAX_WEBHOOK_RETRY_DELAY_MS = 5000;
const FIRST_WEBHOOK_RETRY_DELAY_MS = 100;
const WEBHOOK_REQUEST_TIMEOUT_MS = 30000;
const COMPACT_THRESHOLD = 4096;

const webhookAgent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** Checks that a webhook URL points at this machine, the only place the emulator delivers to. */
export function validateWebhookUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest('invalid webhook URL specified');
  }
  const host = parsed.hostname;
  const isLoopback = host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]';
  if (parsed.protocol !== 'http:' || !isLoopback) {
    throw badRequest('bad webhook: the emulator delivers only to http://127.x.x.x, http://localhost or http://[::1] URLs');
  }
  return parsed;
}

function postUpdate(url, update, secretToken) {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(update);
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    if (secretToken) headers['x-telegram-bot-api-secret-token'] = secretToken;
    const request = http.request(url, { method: 'POST', headers, agent: webhookAgent }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({
        status: response.statusCode,
        statusMessage: response.statusMessage,
        contentType: response.headers['content-type'] || '',
        body: Buffer.concat(chunks),
      }));
      response.on('error', reject);
    });
    request.setTimeout(WEBHOOK_REQUEST_TIMEOUT_MS, () => request.destroy(new Error('Read timeout expired')));
    request.on('error', reject);
    request.end(body);
  });
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The update queue and delivery settings of one bot. */
class BotQueue {
  constructor(hub, botId) {
    this.hub = hub;
    this.botId = botId;
    this.entries = [];
    this.head = 0;
    // null until the bot passes allowed_updates for the first time. Until then every update is
    // stored and the default filter is applied at delivery.
    this.allowed = null;
    this.allowedList = null;
    this.poller = null;
    this.wakeScheduled = false;
    this.webhook = null;
    this.webhookRunning = false;
  }

  effectiveAllowed() {
    return this.allowed || this.hub.defaultAllowed;
  }

  setAllowedUpdates(list) {
    if (!Array.isArray(list)) return;
    this.allowedList = list.slice();
    this.allowed = allowedUpdateSet(list);
  }

  push(entry) {
    if (this.allowed && !this.allowed.has(entry.type)) return false;
    const entries = this.entries;
    if (entries.length === this.head || entries[entries.length - 1].updateId < entry.updateId) {
      entries.push(entry);
    } else {
      entries.splice(this.lowerBound(entry.updateId), 0, entry);
    }
    this.hub.stats.delivered++;
    this.wake();
    return true;
  }

  wake() {
    if (this.webhook) {
      this.runWebhook();
      return;
    }
    if (!this.poller || this.wakeScheduled) return;
    this.wakeScheduled = true;
    // Deferring the response lets updates created in the same tick go out in one batch.
    setImmediate(() => {
      this.wakeScheduled = false;
      const poller = this.poller;
      if (!poller) return;
      const updates = this.collect(poller.limit);
      if (updates.length > 0) poller.finish(updates);
    });
  }

  lowerBound(updateId) {
    let low = this.head;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.entries[middle].updateId < updateId) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  hasPending(updateId) {
    const index = this.lowerBound(updateId);
    const entry = this.entries[index];
    return entry !== undefined && entry.updateId === updateId && !entry.dropped;
  }

  pendingCount() {
    let count = 0;
    for (let index = this.head; index < this.entries.length; index++) {
      if (!this.entries[index].dropped) count++;
    }
    return count;
  }

  /** Forgets every update with update_id < offset. */
  confirmBelow(offset) {
    let confirmed = 0;
    while (this.head < this.entries.length && this.entries[this.head].updateId < offset) {
      if (!this.entries[this.head].dropped) confirmed++;
      this.entries[this.head] = undefined;
      this.head++;
    }
    this.afterRemoval(confirmed);
  }

  /** Keeps only the last `count` updates, for a negative getUpdates offset. */
  keepLast(count) {
    const target = Math.max(this.head, this.entries.length - count);
    if (target === this.head) return;
    this.confirmBelow(this.entries[target] ? this.entries[target].updateId : Infinity);
  }

  dropAll() {
    this.confirmBelow(Infinity);
  }

  afterRemoval(confirmed) {
    if (this.head === this.entries.length) {
      this.entries = [];
      this.head = 0;
    } else if (this.head > COMPACT_THRESHOLD && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    if (confirmed > 0) {
      this.hub.stats.confirmed += confirmed;
      this.hub.checkConfirmWaiters();
    }
  }

  /** Returns up to `limit` deliverable updates, dropping the ones the bot does not accept. */
  collect(limit) {
    const allowed = this.effectiveAllowed();
    const result = [];
    let droppedAtHead = 0;
    for (let index = this.head; index < this.entries.length && result.length < limit; index++) {
      const entry = this.entries[index];
      if (entry.dropped) continue;
      if (!allowed.has(entry.type)) {
        entry.dropped = true;
        droppedAtHead++;
        continue;
      }
      result.push(entry.update);
    }
    if (droppedAtHead > 0) {
      this.hub.stats.confirmed += droppedAtHead;
      this.hub.checkConfirmWaiters();
    }
    return result;
  }

  /** Implements getUpdates. Resolves with the updates, or rejects with an ApiError. */
  getUpdates({ offset, limit, timeout, allowedUpdates }, onCancel) {
    if (this.webhook) {
      throw new ApiError(409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    if (offset > 0) this.confirmBelow(offset);
    else if (offset < 0) this.keepLast(-offset);
    if (allowedUpdates !== undefined) this.setAllowedUpdates(allowedUpdates);
    const updates = this.collect(limit);
    if (updates.length > 0 || timeout <= 0) return Promise.resolve(updates);
    if (this.poller) {
      this.poller.fail(new ApiError(409,
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'));
    }
    return new Promise((resolve, reject) => {
      const poller = {
        limit,
        timer: setTimeout(() => poller.finish([]), timeout * 1000),
        finish: (result) => {
          clearTimeout(poller.timer);
          if (this.poller === poller) this.poller = null;
          resolve(result);
        },
        fail: (error) => {
          clearTimeout(poller.timer);
          if (this.poller === poller) this.poller = null;
          reject(error);
        },
      };
      this.poller = poller;
      onCancel(() => poller.finish([]));
    });
  }

  setWebhook(webhook, dropPending) {
    if (dropPending) this.dropAll();
    if (this.poller) this.poller.finish([]);
    this.webhook = webhook;
    this.runWebhook();
  }

  deleteWebhook(dropPending) {
    if (dropPending) this.dropAll();
    this.webhook = null;
  }

  webhookInfo() {
    const info = {
      url: this.webhook ? this.webhook.url : '',
      has_custom_certificate: false,
      pending_update_count: this.pendingCount(),
    };
    if (this.webhook) {
      info.max_connections = this.webhook.maxConnections;
      info.ip_address = '127.0.0.1';
      if (this.webhook.lastErrorDate) {
        info.last_error_date = this.webhook.lastErrorDate;
        info.last_error_message = this.webhook.lastErrorMessage;
      }
    }
    if (this.allowedList) info.allowed_updates = this.allowedList;
    return info;
  }

  nextWebhookEntry() {
    const allowed = this.effectiveAllowed();
    while (this.head < this.entries.length) {
      const entry = this.entries[this.head];
      if (!entry.dropped && allowed.has(entry.type)) return entry;
      this.head++;
      if (!entry.dropped) this.afterRemoval(1);
    }
    this.afterRemoval(0);
    return null;
  }

  /** Delivers queued updates one at a time, in order, retrying failures with exponential backoff. */
  async runWebhook() {
    if (this.webhookRunning) return;
    this.webhookRunning = true;
    let retryDelay = 0;
    try {
      while (this.webhook) {
        const entry = this.nextWebhookEntry();
        if (!entry) break;
        const hook = this.webhook;
        let failure = null;
        try {
          const response = await postUpdate(hook.url, entry.update, hook.secretToken);
          if (response.status >= 200 && response.status < 300) {
            this.hub.onWebhookResponse(this.botId, response);
          } else {
            failure = `Wrong response from the webhook: ${response.status} ${response.statusMessage || ''}`.trim();
          }
        } catch (error) {
          failure = error.code === 'ECONNREFUSED' ? 'Connection refused' : error.message;
        }
        if (this.webhook !== hook) continue;
        if (failure === null) {
          retryDelay = 0;
          if (this.entries[this.head] === entry) this.confirmBelow(entry.updateId + 1);
          continue;
        }
        hook.lastErrorDate = this.hub.now();
        hook.lastErrorMessage = failure;
        retryDelay = retryDelay === 0 ? FIRST_WEBHOOK_RETRY_DELAY_MS : Math.min(retryDelay * 2, MAX_WEBHOOK_RETRY_DELAY_MS);
        this.hub.log(`webhook delivery of update ${entry.updateId} to bot ${this.botId} failed: ${failure}; retrying in ${retryDelay} ms`);
        await sleep(retryDelay);
      }
    } finally {
      this.webhookRunning = false;
    }
  }
}

/** All bots' update queues, the update_id counter and waiters for confirmations. */
export class UpdateHub {
  constructor({ now, log, onWebhookResponse }) {
    this.now = now;
    this.log = log;
    this.onWebhookResponse = onWebhookResponse;
    this.nextUpdateId = 1;
    this.queues = new Map();
    this.confirmWaiters = new Set();
    this.defaultAllowed = defaultAllowedUpdates();
    this.stats = { produced: 0, delivered: 0, confirmed: 0 };
  }

  queue(botId) {
    let queue = this.queues.get(botId);
    if (!queue) {
      queue = new BotQueue(this, botId);
      this.queues.set(botId, queue);
    }
    return queue;
  }

  /**
   * Adds one update to several bots' queues and returns its update_id. `deliveries` lists
   * {botId, update}; bots may get different objects for the same event (ChatMember.can_be_edited
   * depends on the bot), and all of them share one update_id. An explicit update_id is kept and
   * the counter moves past it.
   */
  enqueue(type, deliveries, explicitUpdateId) {
    const updateId = Number.isSafeInteger(explicitUpdateId) ? explicitUpdateId : this.nextUpdateId;
    this.nextUpdateId = Math.max(this.nextUpdateId, updateId + 1);
    this.stats.produced++;
    for (const { botId, update } of deliveries) {
      update.update_id = updateId;
      this.queue(botId).push({ updateId, type, update, dropped: false });
    }
    return updateId;
  }

  isConfirmed(updateId) {
    if (updateId >= this.nextUpdateId) return false;
    for (const queue of this.queues.values()) {
      if (queue.hasPending(updateId)) return false;
    }
    return true;
  }

  /** Resolves true once no bot has the update pending, or false after timeoutMs. */
  waitConfirmed(updateId, timeoutMs) {
    if (this.isConfirmed(updateId)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        updateId,
        resolve,
        timer: setTimeout(() => {
          this.confirmWaiters.delete(waiter);
          resolve(false);
        }, timeoutMs),
      };
      this.confirmWaiters.add(waiter);
    });
  }

  checkConfirmWaiters() {
    if (this.confirmWaiters.size === 0) return;
    for (const waiter of this.confirmWaiters) {
      if (this.isConfirmed(waiter.updateId)) {
        clearTimeout(waiter.timer);
        this.confirmWaiters.delete(waiter);
        waiter.resolve(true);
      }
    }
  }

  pendingCount() {
    let count = 0;
    for (const queue of this.queues.values()) count += queue.pendingCount();
    return count;
  }

  /** Drops every pending update; bot settings such as webhooks and allowed_updates stay. */
  clear() {
    for (const queue of this.queues.values()) queue.dropAll();
  }
}
