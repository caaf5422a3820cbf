import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { BOT_ID, BOT_TOKEN, callBot, rawRequest, setupGroup, startEmulator } from './helpers.mjs';

describe('Bot API requests', () => {
  let emulator;

  before(async () => {
    emulator = await startEmulator();
  });

  after(async () => {
    await emulator.stop();
  });

  beforeEach(async () => {
    await emulator.reset();
  });

  test('unknown token is unauthorized', async () => {
    const response = await rawRequest(emulator, { method: 'GET', path: '/bot123:wrong/getMe' });
    assert.equal(response.status, 401);
    assert.deepEqual(response.body, { ok: false, error_code: 401, description: 'Unauthorized' });
  });

  test('token of a registered bot id with another secret is unauthorized', async () => {
    const response = await rawRequest(emulator, { method: 'GET', path: `/bot${BOT_ID}:other/getMe` });
    assert.equal(response.status, 401);
  });

  test('getMe returns the bot user', async () => {
    const body = await callBot(emulator, 'getMe');
    assert.equal(body.ok, true);
    assert.equal(body.result.id, BOT_ID);
    assert.equal(body.result.is_bot, true);
    assert.equal(body.result.username, 'example_guard_bot');
    assert.equal(body.result.first_name, 'Guard Bot');
    assert.equal(body.result.can_join_groups, true);
  });

  test('method names are case-insensitive', async () => {
    const body = await callBot(emulator, 'GETME');
    assert.equal(body.ok, true);
    const calls = await emulator.calls({ method: 'getMe' });
    assert.equal(calls.calls.at(-1).method, 'getMe');
  });

  test('unknown method is not found', async () => {
    const response = await rawRequest(emulator, { path: `/bot${BOT_TOKEN}/frobnicate`, body: {} });
    assert.equal(response.status, 404);
    assert.equal(response.body.description, 'Not Found: method not found');
  });

  test('keep-alive serves many requests per connection', async () => {
    const { port } = emulator;
    const count = 50;
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let received = '';
    const done = new Promise((resolve) => {
      socket.on('data', (chunk) => {
        received += chunk;
        if ((received.match(/HTTP\/1\.1 200/g) || []).length === count) resolve();
      });
    });
    for (let index = 0; index < count; index++) {
      socket.write(`GET /bot${BOT_TOKEN}/getMe HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`);
    }
    await done;
    socket.destroy();
    assert.equal((received.match(/"ok":true/g) || []).length, count);
  });

  async function sendAndCheck(request) {
    const { chat } = await setupGroup(emulator);
    const response = await rawRequest(emulator, request(chat.id));
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.ok, true);
    const message = response.body.result;
    assert.equal(message.chat.id, chat.id);
    assert.equal(message.text, 'hello');
    assert.deepEqual(message.reply_markup, { inline_keyboard: [[{ text: 'Yes', callback_data: 'vote:yes' }]] });
    const { calls } = await emulator.calls({ method: 'sendMessage' });
    const params = calls.at(-1).params;
    assert.equal(params.chat_id, chat.id);
    assert.equal(typeof params.chat_id, 'number');
    assert.equal(params.disable_notification, true);
    assert.deepEqual(params.reply_markup, { inline_keyboard: [[{ text: 'Yes', callback_data: 'vote:yes' }]] });
    return message;
  }

  const markupJson = JSON.stringify({ inline_keyboard: [[{ text: 'Yes', callback_data: 'vote:yes' }]] });

  test('urlencoded body with string numbers', async () => {
    await sendAndCheck((chatId) => ({
      path: `/bot${BOT_TOKEN}/sendMessage`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ chat_id: String(chatId), text: 'hello', disable_notification: 'true', reply_markup: markupJson }).toString(),
    }));
  });

  test('JSON body with string chat_id', async () => {
    await sendAndCheck((chatId) => ({
      path: `/bot${BOT_TOKEN}/sendMessage`,
      body: { chat_id: String(chatId), text: 'hello', disable_notification: 'True', reply_markup: markupJson },
    }));
  });

  test('multipart body', async () => {
    await sendAndCheck((chatId) => {
      const boundary = 'XyZboundary123';
      const field = (name, value) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
      const body = field('chat_id', chatId) + field('text', 'hello') + field('disable_notification', '1') +
        field('reply_markup', markupJson) + `--${boundary}--\r\n`;
      return {
        path: `/bot${BOT_TOKEN}/sendMessage`,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        body,
      };
    });
  });

  test('query string parameters', async () => {
    await sendAndCheck((chatId) => ({
      method: 'GET',
      path: `/bot${BOT_TOKEN}/sendMessage?${new URLSearchParams({ chat_id: String(chatId), text: 'hello', disable_notification: 'true', reply_markup: markupJson })}`,
    }));
  });

  test('multipart file upload creates a document', async () => {
    const { chat } = await setupGroup(emulator);
    const boundary = 'fileboundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="chat_id"\r\n\r\n${chat.id}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="rules.txt"\r\nContent-Type: text/plain\r\n\r\n`),
      Buffer.from('be nice\r\n'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await rawRequest(emulator, {
      path: `/bot${BOT_TOKEN}/sendDocument`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    });
    assert.equal(response.body.ok, true, JSON.stringify(response.body));
    assert.equal(response.body.result.document.file_name, 'rules.txt');
    assert.equal(response.body.result.document.file_size, 9);
  });

  test('invalid reply_markup JSON is rejected', async () => {
    const { chat } = await setupGroup(emulator);
    const body = await callBot(emulator, 'sendMessage', { chat_id: chat.id, text: 'x', reply_markup: '{not json' });
    assert.equal(body.error_code, 400);
    assert.equal(body.description, "Bad Request: can't parse reply keyboard markup JSON object");
  });

  test('64-bit user and chat ids keep precision', async () => {
    const user = await emulator.createUser({ id: 7345678901, first_name: 'Olena' });
    assert.equal(user.id, 7345678901);
    const chat = await emulator.createChat({ id: -1001987654321, type: 'supergroup', title: 'Big ids', creator_id: 7345678901 });
    assert.equal(chat.id, -1001987654321);
    await emulator.setMember({ chat_id: chat.id, user_id: BOT_ID, status: 'administrator' });
    const member = await callBot(emulator, 'getChatMember', { chat_id: '-1001987654321', user_id: '7345678901' });
    assert.equal(member.result.user.id, 7345678901);
    assert.equal(member.result.status, 'creator');
    const sent = await emulator.send({ chat_id: -1001987654321, from: 7345678901, text: 'hi' });
    assert.equal(sent.message.chat.id, -1001987654321);
    assert.equal(sent.message.from.id, 7345678901);
    const raw = await rawRequest(emulator, { path: `/bot${BOT_TOKEN}/getChat`, body: { chat_id: -1001987654321 } });
    assert.equal(raw.body.result.id, -1001987654321);
  });

  test('user ids are assigned from 100000001', async () => {
    const first = await emulator.createUser({ first_name: 'A' });
    const second = await emulator.createUser({ first_name: 'B' });
    assert.equal(first.id, 100000001);
    assert.equal(second.id, 100000002);
  });

  test('supergroup ids use the -100 form', async () => {
    const chat = await emulator.createChat({ type: 'supergroup', title: 'Auto id' });
    assert.match(String(chat.id), /^-100\d{10}$/);
  });
});
