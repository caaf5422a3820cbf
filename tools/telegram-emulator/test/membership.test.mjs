// Joins, additions, leaves, bans and join requests, with the service messages and chat_member
// updates Telegram sends for them.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';

import { BOT_ID, callBot, callBotOk, drainUpdates, setupGroup, startEmulator } from './helpers.mjs';

const kinds = (updates) => updates.map((update) => Object.keys(update).find((key) => key !== 'update_id'));

describe('membership changes', () => {
  let emulator;
  let group;
  before(async () => {
    emulator = await startEmulator();
  });
  after(async () => { await emulator.stop(); });
  beforeEach(async () => {
    await emulator.reset();
    group = await setupGroup(emulator, { members: 1 });
    await callBotOk(emulator, 'getUpdates', { allowed_updates: ['message', 'chat_member', 'chat_join_request'], timeout: 0 });
    await drainUpdates(emulator);
  });

  test('join gives message and update', async () => {
    const user = await emulator.createUser({ first_name: 'Joiner' });
    const count = await callBotOk(emulator, 'getChatMemberCount', { chat_id: group.chat.id });
    const joined = await emulator.join(group.chat.id, user.id);
    const updates = await drainUpdates(emulator);
    assert.deepEqual(kinds(updates), ['chat_member', 'message']);
    assert.deepEqual(updates.map((update) => update.update_id), joined.update_ids);
    const change = updates[0].chat_member;
    assert.equal(change.from.id, user.id);
    assert.deepEqual([change.old_chat_member.status, change.new_chat_member.status], ['left', 'member']);
    const message = updates[1].message;
    assert.deepEqual(message.new_chat_members.map((member) => member.id), [user.id]);
    assert.equal(message.new_chat_member.id, user.id, 'the older single-member field is set too');
    assert.equal(message.new_chat_participant.id, user.id);
    assert.equal(message.from.id, user.id);
    assert.equal(await callBotOk(emulator, 'getChatMemberCount', { chat_id: group.chat.id }), count + 1);
  });

  test('several users added at once', async () => {
    const users = [await emulator.createUser({ first_name: 'A' }), await emulator.createUser({ first_name: 'B' }), await emulator.createUser({ first_name: 'C' })];
    const adder = group.members[0];
    await emulator.addMembers(group.chat.id, adder.id, users.map((user) => user.id));
    const updates = await drainUpdates(emulator);
    assert.deepEqual(kinds(updates), ['chat_member', 'chat_member', 'chat_member', 'message']);
    for (const [index, update] of updates.slice(0, 3).entries()) {
      assert.equal(update.chat_member.from.id, adder.id);
      assert.equal(update.chat_member.new_chat_member.user.id, users[index].id);
      assert.equal(update.chat_member.new_chat_member.status, 'member');
    }
    const message = updates[3].message;
    assert.equal(message.from.id, adder.id);
    assert.deepEqual(message.new_chat_members.map((member) => member.id), users.map((user) => user.id));
    assert.equal(message.new_chat_member.id, users[0].id);
  });

  test('leave gives message and update', async () => {
    const user = group.members[0];
    await emulator.leave(group.chat.id, user.id);
    const updates = await drainUpdates(emulator);
    assert.deepEqual(kinds(updates), ['chat_member', 'message']);
    assert.deepEqual([updates[0].chat_member.old_chat_member.status, updates[0].chat_member.new_chat_member.status], ['member', 'left']);
    assert.equal(updates[1].message.left_chat_member.id, user.id);
    assert.equal(updates[1].message.left_chat_participant.id, user.id);
  });

  test('ban gives kicked update', async () => {
    const user = group.members[0];
    await callBotOk(emulator, 'banChatMember', { chat_id: group.chat.id, user_id: user.id });
    const updates = await drainUpdates(emulator);
    assert.deepEqual(kinds(updates), ['chat_member', 'message']);
    const change = updates[0].chat_member;
    assert.equal(change.from.id, BOT_ID);
    assert.deepEqual([change.old_chat_member.status, change.new_chat_member.status], ['member', 'kicked']);
    assert.equal(updates[1].message.left_chat_member.id, user.id);
  });

  test('chat_member needs opt-in and admin', async () => {
    await callBotOk(emulator, 'getUpdates', { allowed_updates: ['message'], timeout: 0 });
    await emulator.join(group.chat.id, (await emulator.createUser({ first_name: 'Quiet' })).id);
    assert.deepEqual(kinds(await drainUpdates(emulator)), ['message']);

    await callBotOk(emulator, 'getUpdates', { allowed_updates: ['message', 'chat_member'], timeout: 0 });
    await emulator.setMember({ chat_id: group.chat.id, user_id: BOT_ID, status: 'member' });
    await emulator.join(group.chat.id, (await emulator.createUser({ first_name: 'Unseen' })).id);
    assert.deepEqual(kinds(await drainUpdates(emulator)), ['message'], 'a bot that is not an administrator gets no chat_member');
  });

  test('service messages can be deleted', async () => {
    const joined = await emulator.join(group.chat.id, (await emulator.createUser({ first_name: 'Tidy' })).id);
    await callBotOk(emulator, 'deleteMessage', { chat_id: group.chat.id, message_id: joined.message.message_id });
    const stored = (await emulator.messages(group.chat.id)).find((message) => message.message_id === joined.message.message_id);
    assert.equal(stored.deleted, true);
    const again = await callBot(emulator, 'deleteMessage', { chat_id: group.chat.id, message_id: joined.message.message_id });
    assert.equal(again.description, 'Bad Request: message to delete not found');
  });

  test('approved join request adds member', async () => {
    const user = await emulator.createUser({ first_name: 'Applicant' });
    const request = await emulator.joinRequest({ chat_id: group.chat.id, user_id: user.id, bio: 'I like rules' });
    const [update] = await drainUpdates(emulator);
    assert.equal(update.update_id, request.update_ids[0]);
    assert.equal(update.chat_join_request.user_chat_id, user.id);
    assert.equal(update.chat_join_request.bio, 'I like rules');

    const greeting = await callBotOk(emulator, 'sendMessage', { chat_id: user.id, text: 'Please read the rules first' });
    assert.equal(greeting.chat.id, user.id, 'the bot may write to the applicant');

    const count = await callBotOk(emulator, 'getChatMemberCount', { chat_id: group.chat.id });
    await callBotOk(emulator, 'approveChatJoinRequest', { chat_id: group.chat.id, user_id: user.id });
    const updates = await drainUpdates(emulator);
    assert.deepEqual(kinds(updates), ['chat_member', 'message']);
    assert.equal(updates[0].chat_member.via_join_request, true);
    assert.equal(updates[0].chat_member.new_chat_member.status, 'member');
    assert.equal(updates[1].message.from.id, user.id);
    assert.deepEqual(updates[1].message.new_chat_members.map((member) => member.id), [user.id]);
    assert.equal(await callBotOk(emulator, 'getChatMemberCount', { chat_id: group.chat.id }), count + 1);
    assert.equal((await callBot(emulator, 'approveChatJoinRequest', { chat_id: group.chat.id, user_id: user.id })).description,
      'Bad Request: HIDE_REQUESTER_MISSING');
  });

  test('declined join request changes nothing', async () => {
    const user = await emulator.createUser({ first_name: 'Declined' });
    await emulator.joinRequest({ chat_id: group.chat.id, user_id: user.id });
    await drainUpdates(emulator);
    await callBotOk(emulator, 'declineChatJoinRequest', { chat_id: group.chat.id, user_id: user.id });
    assert.equal((await emulator.getMember(group.chat.id, user.id)).status, 'left');
    assert.deepEqual(await drainUpdates(emulator), []);
    assert.equal((await callBot(emulator, 'declineChatJoinRequest', { chat_id: group.chat.id, user_id: user.id })).description,
      'Bad Request: HIDE_REQUESTER_MISSING');
    const none = await emulator.createUser({ first_name: 'Never asked' });
    assert.equal((await callBot(emulator, 'approveChatJoinRequest', { chat_id: group.chat.id, user_id: none.id })).description,
      'Bad Request: HIDE_REQUESTER_MISSING');
    const late = await callBot(emulator, 'sendMessage', { chat_id: user.id, text: 'hello?' });
    assert.equal(late.description, "Forbidden: bot can't initiate conversation with a user", 'the contact window ends with the request');
  });

  test('join request contact expires', async () => {
    const user = await emulator.createUser({ first_name: 'Slow' });
    await emulator.joinRequest({ chat_id: group.chat.id, user_id: user.id });
    await emulator.advanceClock(301);
    const body = await callBot(emulator, 'sendMessage', { chat_id: user.id, text: 'too late' });
    assert.equal(body.description, "Forbidden: bot can't initiate conversation with a user");
  });
});
