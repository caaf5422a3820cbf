// Shared setup for the emulator tests: one emulator process per test file, plus small helpers.

import http from 'node:http';
import { Emulator } from '../client.mjs';

export const BOT_ID = 7012345678;
export const BOT_TOKEN = `${BOT_ID}:AAHtestSecret_-42`;
export const BOT_USERNAME = 'example_guard_bot';

export async function startEmulator(extraBots = []) {
  return Emulator.start({ bots: [`${BOT_TOKEN}:${BOT_USERNAME}:Guard Bot`, ...extraBots] });
}

/** Calls a Bot API method with a JSON body and returns the parsed response body. */
export function callBot(emulator, method, params = {}, token = BOT_TOKEN) {
  return emulator.botApi(token, method, params);
}

/** Calls a Bot API method and throws unless it succeeded; returns `result`. */
export async function callBotOk(emulator, method, params = {}, token = BOT_TOKEN) {
  const body = await callBot(emulator, method, params, token);
  if (!body || body.ok !== true) throw new Error(`${method} failed: ${JSON.stringify(body)}`);
  return body.result;
}

/** Sends a raw HTTP request to the emulator and returns {status, body}. */
export function rawRequest(emulator, { method = 'POST', path, headers = {}, body }) {
  return emulator.request(method, path, body, headers);
}

/**
 * Creates a supergroup with an owner, the bot as administrator with the given rights, and the
 * given extra members. Returns {chat, owner, members}.
 */
export async function setupGroup(emulator, { botRights, type = 'supergroup', members = 1, chat: chatFields = {} } = {}) {
  const owner = await emulator.createUser({ first_name: 'Owner', username: 'group_owner' });
  const chat = await emulator.createChat({ type, title: 'Test group', creator_id: owner.id, ...chatFields });
  const rights = botRights ?? { can_restrict_members: true, can_delete_messages: true, can_invite_users: true, can_pin_messages: true };
  await emulator.setMember({ chat_id: chat.id, user_id: BOT_ID, status: 'administrator', rights });
  const users = [];
  for (let index = 0; index < members; index++) {
    const user = await emulator.createUser({ first_name: `Member ${index + 1}` });
    await emulator.setMember({ chat_id: chat.id, user_id: user.id, status: 'member' });
    users.push(user);
  }
  return { chat, owner, members: users };
}

/** Reads every pending update and confirms it, so that later getUpdates calls start clean. */
export async function drainUpdates(emulator, token = BOT_TOKEN, allowedUpdates) {
  const params = { timeout: 0 };
  if (allowedUpdates) params.allowed_updates = allowedUpdates;
  const updates = await callBotOk(emulator, 'getUpdates', params, token);
  if (updates.length > 0) await callBotOk(emulator, 'getUpdates', { offset: updates[updates.length - 1].update_id + 1, timeout: 0 }, token);
  return updates;
}

/** Starts an HTTP server on a free loopback port; `handler(request, body)` returns {status, body}. */
export async function startWebhookServer(handler) {
  const requests = [];
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', async () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      requests.push({ headers: request.headers, body });
      const answer = await handler(request, body, requests.length);
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hook`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(resolve);
    }),
  };
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
