// HTTP front end: routes /bot<token>/<method> to the Bot API handlers and /control/... to the
// control API, records every Bot API call, and applies injected faults.

import http from 'node:http';
import { ApiError, ControlError } from './errors.mjs';
import { METHODS } from './botapi.mjs';
import { CallLog } from './calllog.mjs';
import { CONTROL_ROUTES } from './control.mjs';
import { FaultInjector, RateLimiter } from './limits.mjs';
import { normalizeParams, paramsForLog, parseBody } from './params.mjs';
import { World } from './world.mjs';

const MAX_BODY_BYTES = 64 * 1024 * 1024;
const JSON_HEADERS = { 'content-type': 'application/json' };

function sendJson(response, status, value) {
  if (response.writableEnded || response.destroyed) return;
  const body = JSON.stringify(value);
  response.writeHead(status, { ...JSON_HEADERS, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError(413, 'Request Entity Too Large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Returns the query string values of a URL as a plain object. */
function queryObject(searchParams) {
  const result = {};
  for (const [name, value] of searchParams) result[name] = value;
  return result;
}

/**
 * The emulator: world state plus the HTTP server. Create with `new Emulator(options)`, then call
 * `listen(port, host)`.
 */
export class Emulator {
  constructor({ bots = [], historyLimit, maxCalls, log = () => {} } = {}) {
    this.log = log;
    this.world = new World({ log, historyLimit });
    this.calls = new CallLog(maxCalls);
    this.faults = new FaultInjector();
    this.limits = new RateLimiter(() => this.world.nowMs());
    this.world.onWebhookResponse = (botId, response) => this.handleWebhookReply(botId, response);
    for (const bot of bots) this.world.registerBot(bot);
    this.controlContext = { world: this.world, calls: this.calls, faults: this.faults, limits: this.limits };
    this.server = http.createServer((request, response) => {
      this.route(request, response).catch((error) => {
        this.log(`unexpected error while handling ${request.method} ${request.url}: ${error.stack || error}`);
        sendJson(response, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${error.message}` });
      });
    });
    this.server.keepAliveTimeout = 65000;
    this.server.headersTimeout = 66000;
    this.server.requestTimeout = 0;
    this.sockets = new Set();
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  listen(port = 0, host = '127.0.0.1') {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        resolve({ host: address.address, port: address.port });
      });
    });
  }

  close() {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  async route(request, response) {
    const url = new URL(request.url, 'http://emulator.invalid');
    const path = url.pathname;
    if (path.startsWith('/bot')) return this.handleBotApi(request, response, url);
    if (path.startsWith('/control/')) return this.handleControl(request, response, url);
    if (path === '/' || path === '/health') return sendJson(response, 200, { ok: true, service: 'telegram-emulator' });
    sendJson(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
  }

  async handleBotApi(request, response, url) {
    const rest = url.pathname.slice(4);
    const slash = rest.indexOf('/');
    const token = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash));
    const bot = this.world.botsByToken.get(token);

    if (!bot) {
      // Drain the body so that the connection stays usable for the next request.
      await readBody(request).catch(() => null);
      return sendJson(response, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    }
    let rawParams = queryObject(url.searchParams);
    let bodyError = null;
    try {
      const body = await readBody(request);
      rawParams = { ...rawParams, ...parseBody(request.headers['content-type'], body) };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      bodyError = error;
    }

    const methodName = slash < 0 ? '' : rest.slice(slash + 1);
    const outcome = await this.executeMethod(bot, methodName, rawParams, {
      bodyError,
      onCancel: (cancel) => response.on('close', () => {
        if (!response.writableEnded) cancel();
      }),
    });
    if (outcome.dropConnection) {
      request.socket.destroy();
      return undefined;
    }
    if (outcome.error) return sendJson(response, outcome.error.errorCode, outcome.error.toJSON());
    return sendJson(response, 200, { ok: true, result: outcome.result });
  }

  /**
   * Runs one Bot API method for a bot and records it in the call log. Returns {result},
   * {error: ApiError} or {dropConnection: true}.
   */
  async executeMethod(bot, methodName, rawParams, { bodyError = null, onCancel = () => {} } = {}) {
    const method = METHODS.get(methodName.toLowerCase());
    const { params, error: paramsError } = normalizeParams(rawParams);
    const entry = {
      seq: 0,
      method: method ? method.name : methodName,
      bot_id: bot.id,
      params: paramsForLog(params),
      ok: false,
      at: this.world.nowMs(),
    };
    const finish = (outcome) => {
      if (outcome.error) {
        entry.error_code = outcome.error.errorCode;
        entry.description = outcome.error.description;
        if (outcome.error.parameters) entry.parameters = outcome.error.parameters;
      } else if (outcome.dropConnection) {
        entry.description = 'connection dropped by an injected fault';
      } else if (entry.method === 'getUpdates') {
        // Keeping whole updates in the log would retain up to 100 updates per call, so only
        // their ids are recorded.
        entry.ok = true;
        entry.result_update_ids = outcome.result.map((update) => update.update_id);
      } else {
        entry.ok = true;
        entry.result = outcome.result;
      }
      this.calls.append(entry);
      return outcome;
    };
    if (!method) return finish({ error: new ApiError(404, 'Not Found: method not found') });
    const fault = this.faults.take(method.name.toLowerCase(), params);
    if (fault) return finish(fault.dropConnection ? { dropConnection: true } : { error: this.faults.toError(fault) });
    if (bodyError) return finish({ error: bodyError });
    if (paramsError) return finish({ error: paramsError });
    try {
      const call = { world: this.world, bot, params, services: { limits: this.limits, onCancel } };
      const result = await method.handler(call);
      return finish({ result });
    } catch (error) {
      if (error instanceof ApiError) return finish({ error });
      this.log(`${method.name} for bot ${bot.id} failed unexpectedly: ${error.stack || error}`);
      return finish({ error: new ApiError(500, `Internal Server Error: ${error.message}`) });
    }
  }

  /** Executes the method that a webhook returned in its response body, as Telegram allows. */
  handleWebhookReply(botId, response) {
    if (!response.contentType.includes('application/json') || response.body.length === 0) return;
    let payload;
    try {
      payload = JSON.parse(response.body.toString('utf8'));
    } catch {
      return;
    }
    if (!payload || typeof payload !== 'object' || typeof payload.method !== 'string') return;
    const bot = this.world.bots.get(botId);
    if (!bot) return;
    const { method, ...params } = payload;
    this.executeMethod(bot, method, params).catch((error) => {
      this.log(`webhook reply ${method} for bot ${botId} failed: ${error.stack || error}`);
    });
  }

  async handleControl(request, response, url) {
    const name = url.pathname.slice('/control/'.length).replace(/\/+$/, '');
    const handler = CONTROL_ROUTES.get(`${request.method} ${name}`);
    let body = {};
    try {
      const raw = await readBody(request);
      if (raw.length > 0) body = JSON.parse(raw.toString('utf8'));
    } catch (error) {
      return sendJson(response, 400, { ok: false, error: `request body is not valid JSON: ${error.message}` });
    }
    if (!handler) {
      const known = [...CONTROL_ROUTES.keys()].filter((key) => key.endsWith(` ${name}`));
      const message = known.length > 0
        ? `${request.method} is not supported for /control/${name}; use ${known.map((key) => key.split(' ')[0]).join(' or ')}`
        : `unknown control endpoint /control/${name}`;
      return sendJson(response, known.length > 0 ? 405 : 404, { ok: false, error: message });
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return sendJson(response, 400, { ok: false, error: 'request body must be a JSON object' });
    }
    try {
      const result = await handler(this.controlContext, body, queryObject(url.searchParams));
      return sendJson(response, 200, result);
    } catch (error) {
      if (error instanceof ControlError) return sendJson(response, error.status, { ok: false, error: error.message });
      if (error instanceof ApiError) return sendJson(response, 400, { ok: false, error: error.description });
      throw error;
    }
  }
}
