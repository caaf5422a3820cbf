// Webhook mode: the emulator posts updates to the bot's /webhook with the secret token. The
// bot checks the secret before reading the body, limits the body size, and handles a repeated
// update_id once.

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';

import { CHAT, DANA, EVE, World, sleep } from './harness.mjs';

const SECRET = 'e2e-webhook-secret-0123456789';

function post(port, body, headers) {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: '/webhook', method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (response) => {
      let text = '';
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

let world;
before(async () => {
  world = await World.start({
    env: (port) => ({ USE_WEBHOOK: 'true', WEBHOOK_URL: `http://127.0.0.1:${port}/webhook`, WEBHOOK_SECRET: SECRET }),
  });
});
after(async () => { await world.stop(); });

test('updates arrive by webhook', async () => {
  const [setWebhook] = await world.callsOf('setWebhook', 0);
  assert.equal(setWebhook.params.secret_token, SECRET);
  assert.ok(setWebhook.params.allowed_updates.includes('chat_member'));
  await world.say(EVE, 'hello');
  const since = await world.lastCallSeq();
  await world.say(DANA, `/warn ${EVE.id} by webhook`);
  const texts = await world.replies(since);
  assert.match(texts[0], /has been warned \(1\/3\)/);
  assert.equal((await world.callsOf('getUpdates', 0)).length, 0);
});

test('wrong or missing secret is rejected', async () => {
  const update = JSON.stringify({ update_id: 999000001, message: { message_id: 1, chat: { id: CHAT, type: 'supergroup' }, date: 1, text: '/warnings' } });
  assert.equal((await post(world.httpPort, update, {})).status, 401);
  assert.equal((await post(world.httpPort, update, { 'x-telegram-bot-api-secret-token': `${SECRET}x` })).status, 401);
  assert.equal((await post(world.httpPort, update, { 'x-telegram-bot-api-secret-token': 'short' })).status, 401);
});

test('oversized body is rejected', async () => {
  const huge = JSON.stringify({ update_id: 999000002, padding: 'x'.repeat(2 * 1024 * 1024) });
  const response = await post(world.httpPort, huge, { 'x-telegram-bot-api-secret-token': SECRET }).catch((error) => ({ status: 0, error }));
  assert.ok(response.status === 413 || response.status === 0, `status ${response.status}`);
});

test('malformed body does not stop the bot', async () => {
  const headers = { 'x-telegram-bot-api-secret-token': SECRET };
  assert.equal((await post(world.httpPort, '{not json', headers)).status, 200);
  assert.equal((await post(world.httpPort, '{"no_update_id":true}', headers)).status, 200);
  const since = await world.lastCallSeq();
  await world.say(DANA, '/warnings');
  assert.equal((await world.replies(since)).length, 1);
});

// Runs last: it posts an update_id far above the emulator's own.
test('repeated update_id is handled once', async () => {
  const since = await world.lastCallSeq();
  const update = JSON.stringify({
    update_id: 999000003,
    message: { message_id: 424242, from: { id: DANA.id, is_bot: false, first_name: 'Dana' }, chat: { id: CHAT, type: 'supergroup', title: 'G' }, date: Math.floor(Date.now() / 1000), text: '/warnings', entities: [{ type: 'bot_command', offset: 0, length: 9 }] },
  });
  const headers = { 'x-telegram-bot-api-secret-token': SECRET };
  assert.equal((await post(world.httpPort, update, headers)).status, 200);
  assert.equal((await post(world.httpPort, update, headers)).status, 200);
  // This update_id is above every id the emulator gave out, so the watermark cannot tell when
  // a later emulator update is handled. The test waits for the reply and then for a repeat.
  await world.emulator.waitCall({ since, method: 'sendMessage', chat_id: CHAT }, 5000);
  await sleep(700);
  const texts = await world.replies(since);
  assert.equal(texts.filter((t) => t.includes('Warn limit')).length, 1, texts.join('\n'));
});
