// Client for the emulator's control API, for tests and load generators.
//
//   const emulator = await Emulator.start({ bots: ['7012345678:secret:guard_bot'] });
//   const user = await emulator.createUser({ first_name: 'Dana' });
//   ...
//   await emulator.stop();

import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseTelegramLink } from './lib/links.mjs';

const MAIN_PATH = fileURLToPath(new URL('./main.mjs', import.meta.url));
const READY_PATTERN = /telegram-emulator listening on (http:\/\/\S+)/;
const START_TIMEOUT_MS = 10000;

/** A failed control API or Bot API request, with the HTTP status and the parsed response body. */
export class EmulatorError extends Error {
  constructor(status, body, what) {
    const detail = body && (body.error || body.description) ? body.error || body.description : JSON.stringify(body);
    super(`${what} failed with HTTP ${status}: ${detail}`);
    this.status = status;
    this.body = body;
  }
}

function botSpec(bot) {
  if (typeof bot === 'string') return bot;
  const spec = `${bot.token}:${bot.username}`;
  return bot.first_name ? `${spec}:${bot.first_name}` : spec;
}

function queryString(parameters) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null) search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export class Emulator {
  /** Connects to an emulator that is already running at baseUrl, e.g. "http://127.0.0.1:8081". */
  constructor(baseUrl, child = null) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    const url = new URL(this.baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.child = child;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  }

  /**
   * Spawns main.mjs as a child process and resolves once it prints its ready line.
   * `bots` are "id:secret:username[:first name]" strings or {token, username, first_name}.
   */
  static start({ port = 0, host = '127.0.0.1', bots = [], args = [], quiet = true } = {}) {
    const argv = [MAIN_PATH, '--port', String(port), '--host', host];
    for (const bot of bots) argv.push('--bot', botSpec(bot));
    if (quiet) argv.push('--quiet');
    argv.push(...args);
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    return new Promise((resolve, reject) => {
      let output = '';
      let errors = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`telegram emulator did not start within ${START_TIMEOUT_MS} ms: ${errors}`));
      }, START_TIMEOUT_MS);
      child.stderr.on('data', (chunk) => {
        errors += chunk;
      });
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const match = READY_PATTERN.exec(output);
        if (match) {
          clearTimeout(timer);
          child.stdout.removeAllListeners('data');
          child.stdout.resume();
          resolve(new Emulator(match[1], child));
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`telegram emulator exited with code ${code} before it was ready: ${errors}`));
      });
    });
  }

  /** Stops the child process started by start(); does nothing for a connected emulator. */
  async stop() {
    this.agent.destroy();
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  }

  /** Sends one HTTP request; returns {status, body} with the body parsed as JSON when possible. */
  request(method, path, body, headers = {}) {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? null : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
      const requestHeaders = { ...headers };
      if (payload !== null) {
        if (!requestHeaders['content-type']) requestHeaders['content-type'] = 'application/json';
        requestHeaders['content-length'] = Buffer.byteLength(payload);
      }
      const request = http.request(`${this.baseUrl}${path}`, { method, headers: requestHeaders, agent: this.agent }, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            // Not JSON; the raw text is returned.
          }
          resolve({ status: response.statusCode, headers: response.headers, body: parsed });
        });
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(payload === null ? undefined : payload);
    });
  }

  async control(method, name, { body, query = {}, allow408 = false } = {}) {
    const response = await this.request(method, `/control/${name}${queryString(query)}`, body);
    if (allow408 && response.status === 408) return null;
    if (response.status !== 200) throw new EmulatorError(response.status, response.body, `${method} /control/${name}`);
    return response.body;
  }

  /** Calls a Bot API method as the bot with this token; returns the raw {ok, result | error_code...}. */
  async botApi(token, method, params = {}) {
    const response = await this.request('POST', `/bot${token}/${method}`, params);
    return response.body;
  }

  reset() { return this.control('POST', 'reset'); }
  registerBot(bot) { return this.control('POST', 'bots', { body: bot }); }
  createUser(user) { return this.control('POST', 'users', { body: user }); }
  createChat(chat) { return this.control('POST', 'chats', { body: chat }); }
  setMember(member) { return this.control('POST', 'members', { body: member }); }
  getMember(chatId, userId, botId) { return this.control('GET', 'member', { query: { chat_id: chatId, user_id: userId, bot_id: botId } }); }
  send(message) { return this.control('POST', 'send', { body: message }); }
  join(chatId, userId, inviteLink) { return this.control('POST', 'join', { body: { chat_id: chatId, user_id: userId, invite_link: inviteLink } }); }
  leave(chatId, userId) { return this.control('POST', 'leave', { body: { chat_id: chatId, user_id: userId } }); }
  addMembers(chatId, from, userIds) { return this.control('POST', 'add_members', { body: { chat_id: chatId, from, user_ids: userIds } }); }
  joinRequest(request) { return this.control('POST', 'join_request', { body: request }); }
  press(press) { return this.control('POST', 'press', { body: press }); }
  edit(edit) { return this.control('POST', 'edit', { body: edit }); }
  inject(update, options = {}) { return this.control('POST', 'update', { body: { update, ...options } }); }
  migrate(chatId) { return this.control('POST', 'migrate', { body: { chat_id: chatId } }); }
  messages(chatId, limit) { return this.control('GET', 'messages', { query: { chat_id: chatId, limit } }).then((body) => body.messages); }
  advanceClock(seconds) { return this.control('POST', 'clock', { body: { advance_seconds: seconds } }); }
  clock() { return this.control('GET', 'clock'); }
  fault(fault) { return this.control('POST', 'faults', { body: fault }); }
  clearFaults() { return this.control('DELETE', 'faults'); }
  rateLimits(limits) { return this.control('POST', 'rate_limits', { body: limits }); }
  stats() { return this.control('GET', 'stats'); }
  bulk(ops) { return this.control('POST', 'bulk', { body: { ops } }); }

  /**
   * The user opens https://t.me/<bot>?start=<payload>: the private chat is created if needed and
   * the bot gets "/start <payload>" ("/start" without a payload). `bot` is {bot_id} or
   * {bot_username}; by default the first registered bot. Resolves with
   * {action: 'start', bot_id, payload, chat, message, update_id}.
   */
  start(userId, payload, bot = {}) { return this.control('POST', 'start', { body: { user_id: userId, payload, ...bot } }); }

  /** The user opens a t.me / telegram.me / tg://resolve link to a bot; resolves like start(). */
  openLink(userId, url) { return this.control('POST', 'open_link', { body: { user_id: userId, url } }); }

  /**
   * The user presses an inline button of a bot's message, chosen by `text` or by `row` and
   * `column` (from 0): {chat_id, message_id, from, text} or {chat_id, message_id, from, row, column}.
   * Callback buttons resolve with {action: 'callback_query', button, callback_query_id, update_id},
   * deep-link URL buttons like start() (plus button), other URL buttons with {action: 'url', button, url}.
   */
  click(click) { return this.control('POST', 'click', { body: click }); }

  /**
   * The user sets reactions: {chat_id, message_id, from, reaction: [ReactionType...]} or
   * {chat_id, message_id, from, emoji} (emoji "" removes them). Resolves with
   * {update_id, old_reaction, new_reaction}.
   */
  react(reaction) { return this.control('POST', 'react', { body: reaction }); }

  /** Returns the reactions of users and bots on a message: [{user, reaction, is_big, date}]. */
  reactions(chatId, messageId) {
    return this.control('GET', 'reactions', { query: { chat_id: chatId, message_id: messageId } }).then((body) => body.reactions);
  }

  /**
   * Parses a link to a bot such as https://t.me/<bot>?start=<payload> or
   * tg://resolve?domain=<bot>&start=<payload>; returns {username, start, startgroup} (null for
   * parameters that are absent) or null for other links. Does not contact the emulator.
   */
  static parseDeepLink(url) {
    const link = parseTelegramLink(url);
    if (!link) return null;
    return { username: link.username, start: link.params.get('start'), startgroup: link.params.get('startgroup') };
  }

  /** Resolves true once the bot confirmed the update, false when timeoutMs passes first. */
  async waitConfirmed(updateId, timeoutMs = 5000) {
    const body = await this.control('GET', 'wait_confirmed', { query: { update_id: updateId, timeout_ms: timeoutMs }, allow408: true });
    return body !== null;
  }

  /** Returns {calls, last_seq}; filter is {since, method, chat_id, bot_id}. */
  calls(filter = {}) { return this.control('GET', 'calls', { query: filter }); }

  /** Resolves with the first matching call after filter.since, or null after timeoutMs. */
  waitCall(filter = {}, timeoutMs = 5000) {
    return this.control('GET', 'wait_call', { query: { ...filter, timeout_ms: timeoutMs }, allow408: true });
  }

  /** Returns the bot's answerCallbackQuery for the query; waits up to timeoutMs when given. */
  callbackAnswer(callbackQueryId, timeoutMs) {
    return this.control('GET', 'callback_answer', { query: { id: callbackQueryId, timeout_ms: timeoutMs } });
  }
}
