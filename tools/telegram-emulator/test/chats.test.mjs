import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { BOT_ID, callBot, callBotOk, drainUpdates, setupGroup, startEmulator } from './helpers.mjs';

const QUIET_BOT_TOKEN = '5550001111:AAquietBotSecret';

describe('chats and bot settings', () => {
  let emulator;

  before(async () => {
    emulator = await startEmulator();
    await emulator.registerBot({ token: QUIET_BOT_TOKEN, username: 'quiet_bot', can_read_all_group_messages: false });
  });

  after(async () => {
    await emulator.stop();
  });

  beforeEach(async () => {
    await emulator.reset();
  });

  test('bot posts in a channel without from', async () => {
    const channel = await emulator.createChat({ type: 'channel', title: 'News' });
    await emulator.setMember({ chat_id: channel.id, user_id: BOT_ID, status: 'administrator', rights: { can_post_messages: true } });
    const post = await callBotOk(emulator, 'sendMessage', { chat_id: channel.id, text: 'announcement' });
    assert.equal(post.from, undefined);
    assert.equal(post.sender_chat.id, channel.id);
    const edited = await callBotOk(emulator, 'editMessageText', { chat_id: channel.id, message_id: post.message_id, text: 'fixed' });
    assert.equal(edited.text, 'fixed');
  });

  test('channel posting needs can_post_messages', async () => {
    const channel = await emulator.createChat({ type: 'channel', title: 'News' });
    await emulator.setMember({ chat_id: channel.id, user_id: BOT_ID, status: 'administrator', rights: { can_invite_users: true } });
    const body = await callBot(emulator, 'sendMessage', { chat_id: channel.id, text: 'x' });
    assert.equal(body.description, 'Bad Request: need administrator rights in the channel chat');
  });

  test('parse_mode wins over explicit entities', async () => {
    const { chat } = await setupGroup(emulator);
    const entities = JSON.stringify([{ type: 'italic', offset: 0, length: 3 }]);
    const parsed = await callBotOk(emulator, 'sendMessage', { chat_id: chat.id, text: '<b>literal</b>', parse_mode: 'HTML', entities });
    assert.equal(parsed.text, 'literal');
    assert.deepEqual(parsed.entities, [{ type: 'bold', offset: 0, length: 7 }]);
    const plain = await callBotOk(emulator, 'sendMessage', { chat_id: chat.id, text: '<b>literal</b>', entities });
    assert.equal(plain.text, '<b>literal</b>');
    assert.deepEqual(plain.entities, [{ type: 'italic', offset: 0, length: 3 }]);
  });

  test('muted bot can not send text', async () => {
    const { chat } = await setupGroup(emulator);
    await emulator.setMember({ chat_id: chat.id, user_id: BOT_ID, status: 'restricted', rights: { can_send_photos: true } });
    const body = await callBot(emulator, 'sendMessage', { chat_id: chat.id, text: 'x' });
    assert.equal(body.description, 'Bad Request: not enough rights to send text messages to the chat');
  });

  test('privacy mode bot gets only commands', async () => {
    const { chat, members } = await setupGroup(emulator);
    await emulator.setMember({ chat_id: chat.id, user_id: 5550001111, status: 'member' });
    await drainUpdates(emulator, QUIET_BOT_TOKEN);
    await emulator.send({ chat_id: chat.id, from: members[0].id, text: 'chatter' });
    const command = await emulator.send({ chat_id: chat.id, from: members[0].id, text: '/help@quiet_bot' });
    await emulator.send({ chat_id: chat.id, from: members[0].id, text: '/help@example_guard_bot' });
    const updates = await drainUpdates(emulator, QUIET_BOT_TOKEN);
    assert.deepEqual(updates.map((update) => update.update_id), [command.update_id]);
    const adminUpdates = await drainUpdates(emulator);
    assert.equal(adminUpdates.length, 3, 'the admin bot sees every message');
  });

  test('private chat needs the user to start it', async () => {
    const user = await emulator.createUser({ first_name: 'Priya' });
    const before = await callBot(emulator, 'sendMessage', { chat_id: user.id, text: 'hello' });
    assert.equal(before.error_code, 403);
    assert.equal(before.description, "Forbidden: bot can't initiate conversation with a user");
    const unknown = await callBot(emulator, 'sendMessage', { chat_id: 999999, text: 'hello' });
    assert.equal(unknown.description, 'Bad Request: chat not found');
    const started = await emulator.send({ chat_id: user.id, text: '/start' });
    assert.equal(started.message.chat.type, 'private');
    assert.equal(started.message.from.id, user.id);
    const updates = await drainUpdates(emulator);
    assert.equal(updates.at(-1).message.text, '/start');
    const reply = await callBotOk(emulator, 'sendMessage', { chat_id: user.id, text: 'welcome' });
    assert.equal(reply.chat.id, user.id);
  });

  test('join request approval', async () => {
    const { chat } = await setupGroup(emulator);
    const user = await emulator.createUser({ first_name: 'Applicant' });
    await callBotOk(emulator, 'getUpdates', { allowed_updates: ['message', 'chat_member', 'chat_join_request'], timeout: 0 });
    await drainUpdates(emulator);
    await emulator.joinRequest({ chat_id: chat.id, user_id: user.id, bio: 'hi' });
    const requests = await drainUpdates(emulator);
    assert.equal(requests[0].chat_join_request.from.id, user.id);
    assert.equal(requests[0].chat_join_request.bio, 'hi');
    await callBotOk(emulator, 'approveChatJoinRequest', { chat_id: chat.id, user_id: user.id });
    assert.equal((await emulator.getMember(chat.id, user.id)).status, 'member');
    const updates = await drainUpdates(emulator);
    assert.equal(updates[0].chat_member.via_join_request, true);
    const again = await callBot(emulator, 'declineChatJoinRequest', { chat_id: chat.id, user_id: user.id });
    assert.equal(again.description, 'Bad Request: HIDE_REQUESTER_MISSING');
    await callBotOk(emulator, 'getUpdates', { allowed_updates: [], timeout: 0 });
  });

  test('pin and getChat pinned_message', async () => {
    const { chat } = await setupGroup(emulator);
    const message = await callBotOk(emulator, 'sendMessage', { chat_id: chat.id, text: 'rules' });
    await callBotOk(emulator, 'pinChatMessage', { chat_id: chat.id, message_id: message.message_id });
    const info = await callBotOk(emulator, 'getChat', { chat_id: chat.id });
    assert.equal(info.pinned_message.message_id, message.message_id);
    assert.equal(info.permissions.can_send_messages, true);
    await callBotOk(emulator, 'unpinChatMessage', { chat_id: chat.id });
    const missing = await callBot(emulator, 'unpinChatMessage', { chat_id: chat.id });
    assert.equal(missing.description, 'Bad Request: message to unpin not found');
  });

  test('bot commands per scope', async () => {
    const { chat } = await setupGroup(emulator);
    const commands = [{ command: 'warn', description: 'Warn a user' }];
    await callBotOk(emulator, 'setMyCommands', { commands: JSON.stringify(commands) });
    await callBotOk(emulator, 'setMyCommands', { commands: [{ command: 'ban', description: 'Ban' }], scope: { type: 'chat', chat_id: chat.id } });
    assert.deepEqual(await callBotOk(emulator, 'getMyCommands'), commands);
    assert.deepEqual(await callBotOk(emulator, 'getMyCommands', { scope: { type: 'chat', chat_id: chat.id } }), [{ command: 'ban', description: 'Ban' }]);
    const invalid = await callBot(emulator, 'setMyCommands', { commands: [{ command: 'Bad Command', description: 'x' }] });
    assert.equal(invalid.description, 'Bad Request: BOT_COMMAND_INVALID');
    await callBotOk(emulator, 'deleteMyCommands');
    assert.deepEqual(await callBotOk(emulator, 'getMyCommands'), []);
  });

  test('leaveChat emits my_chat_member', async () => {
    const { chat } = await setupGroup(emulator);
    await drainUpdates(emulator);
    await callBotOk(emulator, 'leaveChat', { chat_id: chat.id });
    const updates = await drainUpdates(emulator);
    assert.equal(updates.length, 1);
    assert.equal(updates[0].my_chat_member.new_chat_member.status, 'left');
    const after = await callBot(emulator, 'sendMessage', { chat_id: chat.id, text: 'x' });
    assert.equal(after.description, 'Forbidden: bot is not a member of the supergroup chat');
  });
});
