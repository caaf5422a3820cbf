import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { BOT_ID, BOT_TOKEN, callBot, callBotOk, drainUpdates, rawRequest, setupGroup, startEmulator } from './helpers.mjs';

describe('control API', () => {
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

  test('injected fault fails the next calls', async () => {
    const { chat } = await setupGroup(emulator);
    await emulator.fault({ method: 'sendMessage', error_code: 502, count: 2 });
    for (let attempt = 0; attempt < 2; attempt++) {
      const failed = await rawRequest(emulator, { path: `/bot${BOT_TOKEN}/sendMessage`, body: { chat_id: chat.id, text: 'x' } });
      assert.equal(failed.status, 502);
      assert.equal(failed.body.description, 'Bad Gateway');
    }
    const ok = await callBot(emulator, 'sendMessage', { chat_id: chat.id, text: 'x' });
    assert.equal(ok.ok, true);
  });

  test('injected 429 carries retry_after', async () => {
    const { chat } = await setupGroup(emulator);
    await emulator.fault({ method: 'sendmessage', error_code: 429, retry_after: 7, count: 1 });
    const response = await rawRequest(emulator, { path: `/bot${BOT_TOKEN}/sendMessage`, body: { chat_id: chat.id, text: 'x' } });
    assert.equal(response.status, 429);
    assert.deepEqual(response.body, {
      ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 },
    });
  });

  test('fault limited to one chat', async () => {
    const first = await setupGroup(emulator);
    const second = await emulator.createChat({ type: 'supergroup', title: 'Second' });
    await emulator.setMember({ chat_id: second.id, user_id: BOT_ID, status: 'administrator' });
    await emulator.fault({ method: 'sendMessage', error_code: 400, description: 'Bad Request: chat not found', chat_id: first.chat.id, count: 1 });
    assert.equal((await callBot(emulator, 'sendMessage', { chat_id: second.id, text: 'x' })).ok, true);
    const failed = await callBot(emulator, 'sendMessage', { chat_id: first.chat.id, text: 'x' });
    assert.equal(failed.description, 'Bad Request: chat not found');
  });

  test('drop_connection fault closes the socket', async () => {
    await emulator.fault({ method: 'getMe', drop_connection: true, count: 1 });
    await assert.rejects(rawRequest(emulator, { method: 'GET', path: `/bot${BOT_TOKEN}/getMe` }));
    const body = await callBot(emulator, 'getMe');
    assert.equal(body.ok, true);
    await emulator.fault({ method: 'getMe', error_code: 500, count: 5 });
    await emulator.clearFaults();
    assert.equal((await callBot(emulator, 'getMe')).ok, true);
  });

  test('per-chat rate limit answers 429', async () => {
    const { chat } = await setupGroup(emulator);
    await emulator.rateLimits({ per_chat_per_second: 1 });
    assert.equal((await callBot(emulator, 'sendMessage', { chat_id: chat.id, text: 'one' })).ok, true);
    const limited = await rawRequest(emulator, { path: `/bot${BOT_TOKEN}/sendMessage`, body: { chat_id: chat.id, text: 'two' } });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.parameters.retry_after, 1);
    assert.equal(limited.body.description, 'Too Many Requests: retry after 1');
    await emulator.advanceClock(2);
    assert.equal((await callBot(emulator, 'sendMessage', { chat_id: chat.id, text: 'three' })).ok, true);
    await emulator.rateLimits({});
  });

  test('per-group minute limit', async () => {
    const { chat } = await setupGroup(emulator);
    await emulator.rateLimits({ per_group_per_minute: 3 });
    for (let index = 0; index < 3; index++) {
      assert.equal((await callBot(emulator, 'sendMessage', { chat_id: chat.id, text: `m${index}` })).ok, true);
    }
    const limited = await callBot(emulator, 'sendMessage', { chat_id: chat.id, text: 'over' });
    assert.equal(limited.error_code, 429);
    assert.ok(limited.parameters.retry_after > 1, `retry_after ${limited.parameters.retry_after}`);
    assert.ok(limited.parameters.retry_after <= 60, `retry_after ${limited.parameters.retry_after}`);
  });

  test('press and answerCallbackQuery', async () => {
    const { chat, members } = await setupGroup(emulator);
    await drainUpdates(emulator);
    const sent = await callBotOk(emulator, 'sendMessage', {
      chat_id: chat.id, text: 'Vote', reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'vote:yes' }]] },
    });
    const pressed = await emulator.press({ chat_id: chat.id, message_id: sent.message_id, from: members[0].id, data: 'vote:yes' });
    const updates = await drainUpdates(emulator);
    assert.equal(updates.length, 1);
    const query = updates[0].callback_query;
    assert.equal(query.id, pressed.callback_query_id);
    assert.equal(query.data, 'vote:yes');
    assert.equal(query.from.id, members[0].id);
    assert.equal(query.message.message_id, sent.message_id);
    assert.equal(typeof query.chat_instance, 'string');
    assert.deepEqual(await emulator.callbackAnswer(pressed.callback_query_id), { id: pressed.callback_query_id, answered: false });
    await callBotOk(emulator, 'answerCallbackQuery', { callback_query_id: query.id, text: 'Counted', show_alert: true });
    const answer = await emulator.callbackAnswer(pressed.callback_query_id);
    assert.equal(answer.answered, true);
    assert.equal(answer.text, 'Counted');
    assert.equal(answer.show_alert, true);
    const twice = await callBot(emulator, 'answerCallbackQuery', { callback_query_id: query.id });
    assert.equal(twice.description, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
  });

  test('calls and wait_call record bot calls', async () => {
    const { chat } = await setupGroup(emulator);
    const { last_seq: since } = await emulator.calls();
    const waiting = emulator.waitCall({ since, method: 'sendMessage', chat_id: chat.id }, 5000);
    await callBotOk(emulator, 'sendMessage', { chat_id: String(chat.id), text: 'logged', reply_markup: '{"inline_keyboard":[]}' });
    const call = await waiting;
    assert.equal(call.method, 'sendMessage');
    assert.equal(call.params.chat_id, chat.id);
    assert.deepEqual(call.params.reply_markup, { inline_keyboard: [] });
    assert.equal(call.ok, true);
    assert.equal(call.result.text, 'logged');
    await callBot(emulator, 'banChatMember', { chat_id: chat.id, user_id: 1 });
    const { calls } = await emulator.calls({ since, method: 'banChatMember' });
    assert.equal(calls.length, 1);
    assert.equal(calls[0].ok, false);
    assert.equal(calls[0].error_code, 400);
    assert.equal(await emulator.waitCall({ since: call.seq + 5, method: 'leaveChat' }, 100), null);
  });

  test('edit produces edited_message', async () => {
    const { chat, members } = await setupGroup(emulator);
    const sent = await emulator.send({ chat_id: chat.id, from: members[0].id, text: 'hi there' });
    await drainUpdates(emulator);
    const edited = await emulator.edit({ chat_id: chat.id, message_id: sent.message.message_id, text: 'hi there @alice_example' });
    const updates = await drainUpdates(emulator);
    assert.equal(updates[0].update_id, edited.update_id);
    assert.equal(updates[0].edited_message.text, 'hi there @alice_example');
    assert.deepEqual(updates[0].edited_message.entities, [{ type: 'mention', offset: 9, length: 14 }]);
    assert.ok(updates[0].edited_message.edit_date >= sent.message.date);
  });

  test('anonymous admin and automatic forward senders', async () => {
    const { chat } = await setupGroup(emulator);
    const channel = await emulator.createChat({ type: 'channel', title: 'News', username: 'example_news', linked_chat_id: chat.id });
    const anonymous = await emulator.send({ chat_id: chat.id, sender_chat_id: chat.id, text: 'rules updated' });
    assert.deepEqual(anonymous.message.from, { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' });
    assert.equal(anonymous.message.sender_chat.id, chat.id);
    const forward = await emulator.send({ chat_id: chat.id, sender_chat_id: channel.id, is_automatic_forward: true, text: 'new post' });
    assert.equal(forward.message.is_automatic_forward, true);
    assert.equal(forward.message.from.id, 777000);
    assert.equal(forward.message.sender_chat.username, 'example_news');
    assert.equal(forward.message.forward_origin.type, 'channel');
    const info = await callBotOk(emulator, 'getChat', { chat_id: chat.id });
    assert.equal(info.linked_chat_id, channel.id);
  });

  test('add_members sends one service message', async () => {
    const { chat, owner } = await setupGroup(emulator, { members: 0 });
    const users = [await emulator.createUser({ first_name: 'A' }), await emulator.createUser({ first_name: 'B' })];
    await callBotOk(emulator, 'getUpdates', { allowed_updates: ['message', 'chat_member'], timeout: 0 });
    await drainUpdates(emulator);
    const added = await emulator.addMembers(chat.id, owner.id, users.map((user) => user.id));
    assert.deepEqual(added.message.new_chat_members.map((user) => user.id), users.map((user) => user.id));
    const updates = await drainUpdates(emulator);
    assert.deepEqual(updates.map((update) => Object.keys(update)[1]), ['chat_member', 'chat_member', 'message']);
    assert.equal(await callBotOk(emulator, 'getChatMemberCount', { chat_id: chat.id }), 4);
    await callBotOk(emulator, 'getUpdates', { allowed_updates: [], timeout: 0 });
  });

  test('migrated group answers with migrate_to_chat_id', async () => {
    const { chat, members } = await setupGroup(emulator, { type: 'group' });
    await drainUpdates(emulator);
    const migrated = await emulator.migrate(chat.id);
    assert.match(String(migrated.migrate_to_chat_id), /^-100\d{10}$/);
    const updates = await drainUpdates(emulator);
    assert.equal(updates[0].message.migrate_to_chat_id, migrated.migrate_to_chat_id);
    assert.equal(updates[1].message.migrate_from_chat_id, chat.id);
    const body = await callBot(emulator, 'sendMessage', { chat_id: chat.id, text: 'old id' });
    assert.equal(body.error_code, 400);
    assert.equal(body.description, 'Bad Request: group chat was upgraded to a supergroup chat');
    assert.deepEqual(body.parameters, { migrate_to_chat_id: migrated.migrate_to_chat_id });
    const sent = await emulator.send({ chat_id: migrated.migrate_to_chat_id, from: members[0].id, text: 'new home' });
    assert.equal(sent.message.chat.type, 'supergroup');
    await assert.rejects(emulator.send({ chat_id: chat.id, from: members[0].id, text: 'x' }), /upgraded/);
  });

  test('bulk creates many messages', async () => {
    const { chat, members } = await setupGroup(emulator);
    await drainUpdates(emulator);
    const ops = [];
    for (let index = 0; index < 250; index++) ops.push({ op: 'send', chat_id: chat.id, from: members[0].id, text: `load ${index}` });
    ops.push({ op: 'send', chat_id: chat.id, from: 1, text: 'unknown user' });
    const { results } = await emulator.bulk(ops);
    assert.equal(results.length, 251);
    assert.equal(results.filter((result) => result.ok).length, 250);
    assert.equal(results[250].ok, false);
    const first = await callBotOk(emulator, 'getUpdates', {});
    assert.equal(first.length, 100);
    const stats = await emulator.stats();
    assert.ok(stats.updates.produced >= 250);
    assert.equal(stats.calls.by_method.getUpdates >= 1, true);
  });

  test('message history is capped per chat', async () => {
    const { chat, members } = await setupGroup(emulator);
    const ops = [];
    for (let index = 0; index < 1100; index++) ops.push({ op: 'send', chat_id: chat.id, from: members[0].id, text: `m${index}` });
    await emulator.bulk(ops);
    const messages = await emulator.messages(chat.id);
    assert.equal(messages.length, 1000);
    assert.equal(messages.at(-1).text, 'm1099');
  });

  test('control errors name the problem', async () => {
    const chat = await emulator.createChat({ type: 'supergroup', title: 'No members' });
    const user = await emulator.createUser({ first_name: 'Stranger' });
    await assert.rejects(emulator.send({ chat_id: chat.id, from: user.id, text: 'hi' }), (error) => {
      assert.equal(error.status, 400);
      assert.match(error.message, /not a member/);
      return true;
    });
    await assert.rejects(emulator.createUser({ first_name: '' }), /first_name/);
    const unknown = await rawRequest(emulator, { method: 'GET', path: '/control/nothing' });
    assert.equal(unknown.status, 404);
  });

  test('reset keeps bots', async () => {
    await emulator.createUser({ first_name: 'Temp' });
    await emulator.reset();
    const me = await callBot(emulator, 'getMe');
    assert.equal(me.ok, true);
    const stats = await emulator.stats();
    assert.equal(stats.users, 1);
    assert.equal(stats.chats, 0);
  });
});
