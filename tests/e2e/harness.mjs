// Starts the telegram emulator and the real warden binary for an end-to-end test, with a
// supergroup where Dana is the owner, the bot is an admin and Eve and Mallory are members.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Emulator } from '../../tools/telegram-emulator/client.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WARDEN_BIN = process.env.WARDEN_BIN || path.join(here, '../../build/release/warden');

export const BOT = { id: 7012345678, token: '7012345678:AAHtestsecret', username: 'warden_test_bot' };
export const CHAT = -1002345678901;
export const OTHER_CHAT = -1002345678902;
export const DANA = { id: 301234567, first_name: 'Dana', username: 'dana_admin' };
export const EVE = { id: 7345678901, first_name: '<b>Eve</b> & co', username: 'eve_example' };
export const MALLORY = { id: 5555555555, first_name: 'Mallory', username: 'mallory_example' };
export const MOD = { id: 6666666666, first_name: 'Mod', username: 'mod_example' };
export const BOT_RIGHTS = {
  can_restrict_members: true, can_delete_messages: true, can_promote_members: true,
  can_invite_users: true, can_pin_messages: true, can_change_info: true, can_manage_chat: true,
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (response) => {
      let body = '';
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, body }));
    }).on('error', reject);
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class World {
  static async start(options = {}) {
    const world = new World();
    world.dir = mkdtempSync(path.join(os.tmpdir(), 'warden-e2e-'));
    world.emulator = await Emulator.start({ bots: [{ token: BOT.token, username: BOT.username, first_name: 'Warden' }] });
    world.env = options.env || {};
    await world.populate();
    await world.startBot();
    return world;
  }

  async populate() {
    const e = this.emulator;
    for (const user of [DANA, EVE, MALLORY, MOD]) await e.createUser(user);
    for (const id of [CHAT, OTHER_CHAT]) {
      await e.createChat({ id, type: 'supergroup', title: `Test group ${id}`, creator_id: DANA.id });
      await e.setMember({ chat_id: id, user_id: BOT.id, status: 'administrator', rights: BOT_RIGHTS });
      await e.setMember({ chat_id: id, user_id: MOD.id, status: 'administrator', rights: { can_restrict_members: true, can_delete_messages: true } });
      await e.setMember({ chat_id: id, user_id: EVE.id, status: 'member' });
      await e.setMember({ chat_id: id, user_id: MALLORY.id, status: 'member' });
    }
  }

  async startBot() {
    this.httpPort = await freePort();
    this.log = '';
    this.bot = spawn(WARDEN_BIN, ['run'], {
      env: {
        PATH: process.env.PATH,
        BOT_TOKEN: BOT.token,
        API_SERVER: this.emulator.baseUrl,
        DATABASE_URL: `sqlite:${path.join(this.dir, 'warden.db')}`,
        HTTP_PORT: String(this.httpPort),
        POLL_TIMEOUT: '1',
        SEND_CHAT_PER_SECOND: '0',
        SEND_GROUP_PER_MINUTE: '0',
        SEND_GLOBAL_PER_SECOND: '0',
        LOG_LEVEL: 'debug',
        ...(typeof this.env === 'function' ? this.env(this.httpPort) : this.env),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.bot.stdout.on('data', (chunk) => { this.log += chunk; });
    this.bot.stderr.on('data', (chunk) => { this.log += chunk; });
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline) {
      try {
        const health = await get(`http://127.0.0.1:${this.httpPort}/healthz`);
        if (health.status === 200) return;
      } catch { /* not listening yet */ }
      if (this.bot.exitCode !== null) break;
      await sleep(50);
    }
    throw new Error(`warden did not become healthy:\n${this.log}`);
  }

  async stopBot(signal = 'SIGTERM') {
    if (!this.alive()) return;
    await new Promise((resolve) => {
      this.bot.once('exit', resolve);
      this.bot.kill(signal);
    });
  }

  async stop() {
    await this.stopBot();
    await this.emulator.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  // The same as stop(); some test files call it by this name.
  async close() {
    await this.stop();
  }

  // True while the bot process is running.
  alive() {
    return Boolean(this.bot) && this.bot.exitCode === null && this.bot.signalCode === null;
  }

  async metric(name) {
    const response = await get(`http://127.0.0.1:${this.httpPort}/metrics`);
    const line = response.body.split('\n').find((l) => l.startsWith(`${name} `));
    return line ? Number(line.split(' ')[1]) : NaN;
  }

  // Waits until the bot has handled the update and every update before it.
  async handled(updateId, timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await this.metric('warden_update_watermark')) >= updateId) return;
      await sleep(20);
    }
    throw new Error(`update ${updateId} was not handled within ${timeoutMs} ms:\n${this.log.slice(-3000)}`);
  }

  // Sends a message as a user and waits until the bot has handled it; returns its update_id.
  async say(from, text, extra = {}) {
    const sent = await this.emulator.send({ chat_id: CHAT, from: from.id, text, ...extra });
    await this.handled(sent.update_id);
    return sent;
  }

  async lastCallSeq() {
    return (await this.emulator.calls({})).last_seq;
  }

  // The bot's sendMessage texts in a chat after `since`.
  async replies(since, chatId = CHAT) {
    const { calls } = await this.emulator.calls({ since, method: 'sendMessage', chat_id: chatId });
    return calls.filter((call) => call.ok).map((call) => call.params.text);
  }

  async callsOf(method, since) {
    return (await this.emulator.calls({ since, method })).calls;
  }

  // Like say(), in any chat: a group, or a user's private chat (chat id = user id).
  async sayIn(chatId, from, text, extra = {}) {
    const sent = await this.emulator.send({ chat_id: chatId, from: from.id, text, ...extra });
    await this.handled(sent.update_id);
    return sent;
  }

  // The calls of `method` after `since` in one chat, failed ones included.
  async callsIn(method, since, chatId = CHAT) {
    return (await this.emulator.calls({ since, method, chat_id: chatId })).calls;
  }

  // The bot's successful sendMessage calls in a chat after `since` (texts, markup, replies).
  async sentMessages(since, chatId = CHAT) {
    return (await this.callsIn('sendMessage', since, chatId)).filter((call) => call.ok);
  }

  // Presses a button of a message the bot sent (a sendMessage call or {chat_id, message_id})
  // as `from`, waits until the bot handled the press and returns its answerCallbackQuery as the
  // emulator recorded it ({answered, text, show_alert, ...}).
  async press(from, message, data) {
    const chatId = message.params ? message.params.chat_id : message.chat_id;
    const messageId = message.result ? message.result.message_id : message.message_id;
    const pressed = await this.emulator.press({ chat_id: chatId, message_id: messageId, from: from.id, data });
    await this.handled(pressed.update_id);
    return this.emulator.callbackAnswer(pressed.callback_query_id);
  }

  // Waits until the bot has handled every update queued so far, by queueing a reaction update
  // (which the bot ignores) for `chatId` and waiting for it.
  async settle(chatId = CHAT) {
    const { update_id: updateId } = await this.emulator.inject({
      message_reaction: {
        chat: { id: chatId, type: 'supergroup', title: 'settle' },
        message_id: 1,
        user: { id: DANA.id, is_bot: false, first_name: DANA.first_name },
        date: Math.floor(Date.now() / 1000),
        old_reaction: [],
        new_reaction: [],
      },
    });
    await this.handled(updateId);
  }
}

// Returns the HTML mention that the bot writes for a user whose first name it has stored: a
// tg://user link around the escaped name.
export function mention(user) {
  const name = user.first_name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<a href="tg://user?id=${user.id}">${name}</a>`;
}

// The inline buttons of a sendMessage or editMessageText call, in one flat list.
export function buttonsOf(call) {
  const markup = call.params.reply_markup;
  return markup ? markup.inline_keyboard.flat() : [];
}
