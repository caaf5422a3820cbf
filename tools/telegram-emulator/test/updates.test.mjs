import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  BOT_TOKEN, callBot, callBotOk, drainUpdates, setupGroup, sleep, startEmulator, startWebhookServer,
} from './helpers.mjs';

describe('update delivery', () => {
  let emulator;

  before(async () => {
    emulator = await startEmulator();
  });

  after(async () => {
    await emulator.stop();
  });

  beforeEach(async () => {
    await callBotOk(emulator, 'deleteWebhook', { drop_pending_updates: true });
    await emulator.reset();
    // Each test starts from Telegram's default allowed_updates.
    await callBotOk(emulator, 'getUpdates', { allowed_updates: [], timeout: 0 });
  });

  test('getUpdates returns updates until confirmed by offset', async () => {
    const { chat, members } = await setupGroup(emulator);
    await drainUpdates(emulator);
    const first = await emulator.send({ chat_id: chat.id, from: members[0].id, text: 'one' });
    const second = await emulator.send({ chat_id: chat.id, from: members[0].id, text: 'two' });
    const updates = await callBotOk(emulator, 'getUpdates', {});
    assert.deepEqual(updates.map((update) => update.update_id), [first.update_id, second.update_id]);
    assert.equal(updates[0].message.text, 'one');

    const again = await callBotOk(emulator, 'getUpdates', {});
    assert.equal(again.length, 2, 'unconfirmed updates are returned again');

    const rest = await callBotOk(emulator, 'getUpdates', { offset: first.update_id + 1 });
    assert.deepEqual(rest.map((update) => update.update_id), [second.update_id]);

    const none = await callBotOk(emulator, 'getUpdates', { offset: second.update_id + 1 });
    assert.deepEqual(none, []);
    const stillNone = await callBotOk(emulator, 'getUpdates', { offset: 0 });
    assert.deepEqual(stillNone, [], 'confirmed updates are forgotten forever');
    const { calls } = await emulator.calls({ method: 'getUpdates' });
    const logged = calls.find((call) => call.params.offset === first.update_id + 1);
    assert.deepEqual(logged.result_update_ids, [second.update_id]);
  });

  test('getUpdates limit and negative offset', async () => {
    const { chat, members } = await setupGroup(emulator);
    await drainUpdates(emulator);
    const ids = [];
    for (let index = 0; index < 5; index++) {
      ids.push((await emulator.send({ chat_id: chat.id, from: members[0].id, text: `m${index}` })).update_id);
    }
    const limited = await callBotOk(emulator, 'getUpdates', { limit: 2 });
    assert.deepEqual(limited.map((update) => update.update_id), ids.slice(0, 2));
    const lastTwo = await callBotOk(emulator, 'getUpdates', { offset: -2 });
    assert.deepEqual(lastTwo.map((update) => update.update_id), ids.slice(3));
  });

  test('long poll wakes up when an update arrives', async () => {
    const { chat, members } = await setupGroup(emulator);
    await drainUpdates(emulator);
    const started = Date.now();
    const poll = callBotOk(emulator, 'getUpdates', { timeout: 10 });
    await sleep(100);
    const sent = await emulator.send({ chat_id: chat.id, from: members[0].id, text: 'wake up' });
    const updates = await poll;
    assert.equal(updates.length, 1);
    assert.equal(updates[0].update_id, sent.update_id);
    assert.ok(Date.now() - started < 5000, 'long poll returned before its timeout');
  });

  test('long poll without updates returns empty after timeout', async () => {
    const started = Date.now();
    const updates = await callBotOk(emulator, 'getUpdates', { timeout: 1 });
    assert.deepEqual(updates, []);
    assert.ok(Date.now() - started >= 900);
  });

  test('wait_confirmed resolves after the bot confirms', async () => {
    const { chat, members } = await setupGroup(emulator);
    await drainUpdates(emulator);
    const sent = await emulator.send({ chat_id: chat.id, from: members[0].id, text: 'confirm me' });
    assert.equal(await emulator.waitConfirmed(sent.update_id, 100), false);
    const waiting = emulator.waitConfirmed(sent.update_id, 5000);
    await callBotOk(emulator, 'getUpdates', {});
    await callBotOk(emulator, 'getUpdates', { offset: sent.update_id + 1 });
    assert.equal(await waiting, true);
  });

  test('chat_member updates only when requested', async () => {
    const { chat } = await setupGroup(emulator);
    await drainUpdates(emulator);
    const user = await emulator.createUser({ first_name: 'Joiner' });
    const joined = await emulator.join(chat.id, user.id);
    const defaultUpdates = await drainUpdates(emulator);
    assert.deepEqual(defaultUpdates.map((update) => Object.keys(update)[1]), ['message']);
    assert.deepEqual(defaultUpdates[0].message.new_chat_members.map((member) => member.id), [user.id]);
    assert.equal(joined.update_ids.length, 2);

    await callBotOk(emulator, 'getUpdates', { allowed_updates: ['message', 'chat_member'], timeout: 0 });
    await emulator.leave(chat.id, user.id);
    const requested = await drainUpdates(emulator);
    assert.deepEqual(requested.map((update) => Object.keys(update)[1]), ['chat_member', 'message']);
    const change = requested[0].chat_member;
    assert.equal(change.old_chat_member.status, 'member');
    assert.equal(change.new_chat_member.status, 'left');
    assert.equal(change.from.id, user.id);
    assert.equal(requested[1].message.left_chat_member.id, user.id);
  });

  test('allowed_updates is remembered across calls', async () => {
    const { chat, members } = await setupGroup(emulator);
    await callBotOk(emulator, 'getUpdates', { allowed_updates: ['callback_query'], timeout: 0 });
    await drainUpdates(emulator);
    await emulator.send({ chat_id: chat.id, from: members[0].id, text: 'filtered out' });
    const updates = await callBotOk(emulator, 'getUpdates', {});
    assert.deepEqual(updates, []);
    const info = await callBotOk(emulator, 'getWebhookInfo');
    assert.deepEqual(info.allowed_updates, ['callback_query']);
  });

  test('my_chat_member when the bot is promoted', async () => {
    const { chat } = await setupGroup(emulator, { botRights: { can_delete_messages: true } });
    await drainUpdates(emulator);
    await emulator.setMember({ chat_id: chat.id, user_id: 7012345678, status: 'administrator', rights: { can_restrict_members: true }, emit: true });
    const updates = await drainUpdates(emulator);
    assert.equal(updates.length, 1);
    const change = updates[0].my_chat_member;
    assert.equal(change.old_chat_member.can_delete_messages, true);
    assert.equal(change.new_chat_member.can_restrict_members, true);
    assert.equal(change.new_chat_member.can_delete_messages, false);
  });

  test('webhook delivers updates with the secret header', async () => {
    const hook = await startWebhookServer(() => ({ status: 200 }));
    try {
      const { chat, members } = await setupGroup(emulator);
      await callBotOk(emulator, 'setWebhook', { url: hook.url, secret_token: 'Secret_Token-1', drop_pending_updates: true });
      const conflict = await callBot(emulator, 'getUpdates', {});
      assert.equal(conflict.error_code, 409);
      assert.equal(conflict.description,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
      const sent = await emulator.send({ chat_id: chat.id, from: members[0].id, text: 'via webhook' });
      assert.equal(await emulator.waitConfirmed(sent.update_id, 5000), true);
      assert.equal(hook.requests.length, 1);
      assert.equal(hook.requests[0].headers['x-telegram-bot-api-secret-token'], 'Secret_Token-1');
      assert.equal(hook.requests[0].body.update_id, sent.update_id);
      assert.equal(hook.requests[0].body.message.text, 'via webhook');
      const info = await callBotOk(emulator, 'getWebhookInfo');
      assert.equal(info.url, hook.url);
      assert.equal(info.pending_update_count, 0);
    } finally {
      await callBotOk(emulator, 'deleteWebhook');
      await hook.close();
    }
  });

  test('webhook retries failures in order', async () => {
    const hook = await startWebhookServer((request, body, count) => ({ status: count <= 2 ? 500 : 200 }));
    try {
      const { chat, members } = await setupGroup(emulator);
      await callBotOk(emulator, 'setWebhook', { url: hook.url, drop_pending_updates: true });
      const first = await emulator.send({ chat_id: chat.id, from: members[0].id, text: 'first' });
      const second = await emulator.send({ chat_id: chat.id, from: members[0].id, text: 'second' });
      assert.equal(await emulator.waitConfirmed(second.update_id, 5000), true);
      const delivered = hook.requests.map((request) => request.body.update_id);
      assert.deepEqual(delivered, [first.update_id, first.update_id, first.update_id, second.update_id]);
      const info = await callBotOk(emulator, 'getWebhookInfo');
      assert.match(info.last_error_message, /500/);
    } finally {
      await callBotOk(emulator, 'deleteWebhook');
      await hook.close();
    }
  });

  test('webhook reply executes a method', async () => {
    let chatId;
    const hook = await startWebhookServer(() => ({ status: 200, body: { method: 'sendMessage', chat_id: chatId, text: 'pong' } }));
    try {
      const { chat, members } = await setupGroup(emulator);
      chatId = chat.id;
      await callBotOk(emulator, 'setWebhook', { url: hook.url, drop_pending_updates: true });
      const { last_seq: since } = await emulator.calls();
      await emulator.send({ chat_id: chat.id, from: members[0].id, text: 'ping' });
      const call = await emulator.waitCall({ since, method: 'sendMessage', chat_id: chat.id }, 5000);
      assert.ok(call, 'the webhook reply was executed');
      assert.equal(call.ok, true);
      assert.equal(call.result.text, 'pong');
    } finally {
      await callBotOk(emulator, 'deleteWebhook');
      await hook.close();
    }
  });

  test('setWebhook rejects non-loopback URLs', async () => {
    const body = await callBot(emulator, 'setWebhook', { url: 'https://example.org/hook' });
    assert.equal(body.error_code, 400);
    assert.match(body.description, /^Bad Request: bad webhook/);
  });

  test('injected update keeps its update_id', async () => {
    await drainUpdates(emulator);
    const injected = await emulator.inject({ update_id: 900000001, message: { message_id: 1, date: 1, chat: { id: 1, type: 'private', first_name: 'x' }, text: 'raw' } });
    assert.equal(injected.update_id, 900000001);
    const assigned = await emulator.inject({ poll: { id: 'p1' } });
    assert.equal(assigned.update_id, 900000002);
    const updates = await callBotOk(emulator, 'getUpdates', {});
    assert.deepEqual(updates.map((update) => update.update_id), [900000001, 900000002]);
  });

  test('second long poll terminates the first with 409', async () => {
    const first = callBot(emulator, 'getUpdates', { timeout: 5 });
    await sleep(100);
    const second = callBot(emulator, 'getUpdates', { timeout: 1 });
    const firstResult = await first;
    assert.equal(firstResult.error_code, 409);
    assert.match(firstResult.description, /terminated by other getUpdates request/);
    assert.equal((await second).ok, true);
  });
});
