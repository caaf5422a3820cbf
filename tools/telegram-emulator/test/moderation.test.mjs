import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { BOT_ID, callBot, callBotOk, drainUpdates, setupGroup, startEmulator } from './helpers.mjs';

describe('moderation rules', () => {
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

  async function clockNow() {
    return (await emulator.clock()).now;
  }

  test('ban of the chat owner is rejected', async () => {
    const { chat, owner } = await setupGroup(emulator);
    const body = await callBot(emulator, 'banChatMember', { chat_id: chat.id, user_id: owner.id });
    assert.equal(body.error_code, 400);
    assert.equal(body.description, "Bad Request: can't remove chat owner");
  });

  test('restrict of the chat owner is rejected', async () => {
    const { chat, owner } = await setupGroup(emulator);
    const body = await callBot(emulator, 'restrictChatMember', { chat_id: chat.id, user_id: owner.id, permissions: { can_send_messages: false } });
    assert.equal(body.description, "Bad Request: can't remove chat owner");
  });

  test('ban and restrict of another admin are rejected', async () => {
    const { chat } = await setupGroup(emulator);
    const admin = await emulator.createUser({ first_name: 'Admin' });
    await emulator.setMember({ chat_id: chat.id, user_id: admin.id, status: 'administrator', rights: { can_delete_messages: true } });
    const ban = await callBot(emulator, 'banChatMember', { chat_id: chat.id, user_id: admin.id });
    assert.equal(ban.error_code, 400);
    assert.equal(ban.description, 'Bad Request: user is an administrator of the chat');
    const restrict = await callBot(emulator, 'restrictChatMember', { chat_id: chat.id, user_id: admin.id, permissions: '{"can_send_messages":false}' });
    assert.equal(restrict.description, 'Bad Request: user is an administrator of the chat');
  });

  test('ban without can_restrict_members is rejected', async () => {
    const { chat, members } = await setupGroup(emulator, { botRights: { can_delete_messages: true } });
    const body = await callBot(emulator, 'banChatMember', { chat_id: chat.id, user_id: members[0].id });
    assert.equal(body.error_code, 400);
    assert.equal(body.description, 'Bad Request: not enough rights to restrict/unrestrict chat member');
  });

  test('ban when the bot is an ordinary member is rejected', async () => {
    const { chat, members } = await setupGroup(emulator);
    await emulator.setMember({ chat_id: chat.id, user_id: BOT_ID, status: 'member' });
    const body = await callBot(emulator, 'banChatMember', { chat_id: chat.id, user_id: members[0].id });
    assert.equal(body.description, 'Bad Request: not enough rights to restrict/unrestrict chat member');
  });

  test('calls in a chat the bot left are forbidden', async () => {
    const { chat, members } = await setupGroup(emulator);
    await emulator.setMember({ chat_id: chat.id, user_id: BOT_ID, status: 'left' });
    const left = await callBot(emulator, 'sendMessage', { chat_id: chat.id, text: 'hi' });
    assert.equal(left.error_code, 403);
    assert.equal(left.description, 'Forbidden: bot is not a member of the supergroup chat');
    await emulator.setMember({ chat_id: chat.id, user_id: BOT_ID, status: 'kicked' });
    const kicked = await callBot(emulator, 'banChatMember', { chat_id: chat.id, user_id: members[0].id });
    assert.equal(kicked.error_code, 403);
    assert.equal(kicked.description, 'Forbidden: bot was kicked from the supergroup chat');
  });

  test('unknown chat and user errors', async () => {
    const { chat } = await setupGroup(emulator);
    const noChat = await callBot(emulator, 'getChat', { chat_id: -1009999999999 });
    assert.equal(noChat.description, 'Bad Request: chat not found');
    const noUser = await callBot(emulator, 'getChatMember', { chat_id: chat.id, user_id: 555 });
    assert.equal(noUser.description, 'Bad Request: user not found');
    const banUnknown = await callBot(emulator, 'banChatMember', { chat_id: chat.id, user_id: 555 });
    assert.equal(banUnknown.description, 'Bad Request: PARTICIPANT_ID_INVALID');
  });

  test('until_date closer than 30 seconds or beyond 366 days means forever', async () => {
    const { chat, members } = await setupGroup(emulator, { members: 3 });
    const now = await clockNow();
    const cases = [
      [members[0], now + 29, 0],
      [members[1], now + 367 * 86400, 0],
      [members[2], now + 3600, now + 3600],
    ];
    for (const [user, untilDate, expected] of cases) {
      await callBotOk(emulator, 'banChatMember', { chat_id: chat.id, user_id: user.id, until_date: untilDate });
      const member = await callBotOk(emulator, 'getChatMember', { chat_id: chat.id, user_id: user.id });
      assert.equal(member.status, 'kicked');
      assert.ok(Math.abs(member.until_date - expected) <= 1, `until_date ${untilDate} stored as ${member.until_date}, expected ${expected}`);
    }
    const restrictedUntil = now + 29;
    await callBotOk(emulator, 'unbanChatMember', { chat_id: chat.id, user_id: members[0].id });
    await emulator.setMember({ chat_id: chat.id, user_id: members[0].id, status: 'member' });
    await callBotOk(emulator, 'restrictChatMember', {
      chat_id: chat.id, user_id: members[0].id, permissions: { can_send_messages: false }, until_date: restrictedUntil,
    });
    const restricted = await callBotOk(emulator, 'getChatMember', { chat_id: chat.id, user_id: members[0].id });
    assert.equal(restricted.until_date, 0);
  });

  test('temporary ban expires with the virtual clock', async () => {
    const { chat, members } = await setupGroup(emulator);
    const user = members[0];
    const now = await clockNow();
    await callBotOk(emulator, 'banChatMember', { chat_id: chat.id, user_id: user.id, until_date: now + 3600 });
    const banned = await emulator.getMember(chat.id, user.id);
    assert.equal(banned.status, 'kicked');
    await assert.rejects(emulator.join(chat.id, user.id), /banned/);
    await emulator.advanceClock(3601);
    const expired = await emulator.getMember(chat.id, user.id);
    assert.equal(expired.status, 'left');
    const joined = await emulator.join(chat.id, user.id);
    assert.equal(joined.message.new_chat_members[0].id, user.id);
  });

  test('temporary mute expires back to member', async () => {
    const { chat, members } = await setupGroup(emulator);
    const user = members[0];
    const now = await clockNow();
    await callBotOk(emulator, 'restrictChatMember', {
      chat_id: chat.id, user_id: user.id, permissions: JSON.stringify({ can_send_messages: false }), until_date: String(now + 600),
    });
    const muted = await callBotOk(emulator, 'getChatMember', { chat_id: chat.id, user_id: user.id });
    assert.equal(muted.status, 'restricted');
    assert.equal(muted.is_member, true);
    assert.equal(muted.can_send_messages, false);
    await assert.rejects(emulator.send({ chat_id: chat.id, from: user.id, text: 'let me talk' }), (error) => {
      assert.equal(error.status, 400);
      assert.match(error.message, /restricted/);
      return true;
    });
    await emulator.advanceClock(601);
    const free = await callBotOk(emulator, 'getChatMember', { chat_id: chat.id, user_id: user.id });
    assert.equal(free.status, 'member');
    const sent = await emulator.send({ chat_id: chat.id, from: user.id, text: 'free again' });
    assert.equal(sent.message.text, 'free again');
  });

  test('kicked users cannot send', async () => {
    const { chat, members } = await setupGroup(emulator);
    await callBotOk(emulator, 'banChatMember', { chat_id: chat.id, user_id: members[0].id });
    await assert.rejects(emulator.send({ chat_id: chat.id, from: members[0].id, text: 'hi' }), /banned/);
  });

  test('restrict reports chat_member with permissions', async () => {
    const { chat, members } = await setupGroup(emulator);
    await drainUpdates(emulator, undefined, ['message', 'chat_member']);
    await callBotOk(emulator, 'restrictChatMember', {
      chat_id: chat.id, user_id: members[0].id, permissions: { can_send_messages: false, can_send_polls: false },
      use_independent_chat_permissions: true,
    });
    const updates = await drainUpdates(emulator);
    assert.equal(updates.length, 1);
    const change = updates[0].chat_member;
    assert.equal(change.from.id, BOT_ID);
    assert.equal(change.old_chat_member.status, 'member');
    assert.equal(change.new_chat_member.status, 'restricted');
    assert.equal(change.new_chat_member.is_member, true);
    assert.equal(change.new_chat_member.until_date, 0);
    for (const field of ['can_send_messages', 'can_send_photos', 'can_send_polls', 'can_invite_users']) {
      assert.equal(change.new_chat_member[field], false, field);
    }
    await callBotOk(emulator, 'getUpdates', { allowed_updates: [], timeout: 0 });
  });

  test('restrict is only for supergroups', async () => {
    const { chat, members } = await setupGroup(emulator, { type: 'group' });
    const body = await callBot(emulator, 'restrictChatMember', { chat_id: chat.id, user_id: members[0].id, permissions: {} });
    assert.equal(body.description, 'Bad Request: method is available only for supergroups');
  });

  test('unban without only_if_banned removes a member', async () => {
    const { chat, members } = await setupGroup(emulator);
    await callBotOk(emulator, 'unbanChatMember', { chat_id: chat.id, user_id: members[0].id });
    const member = await emulator.getMember(chat.id, members[0].id);
    assert.equal(member.status, 'left');
    const count = await callBotOk(emulator, 'getChatMemberCount', { chat_id: chat.id });
    assert.equal(count, 2);
  });

  test('unban with only_if_banned leaves members alone', async () => {
    const { chat, members } = await setupGroup(emulator, { members: 2 });
    await callBotOk(emulator, 'unbanChatMember', { chat_id: chat.id, user_id: members[0].id, only_if_banned: true });
    assert.equal((await emulator.getMember(chat.id, members[0].id)).status, 'member');
    await callBotOk(emulator, 'banChatMember', { chat_id: chat.id, user_id: members[1].id });
    await callBotOk(emulator, 'unbanChatMember', { chat_id: chat.id, user_id: members[1].id, only_if_banned: 'true' });
    assert.equal((await emulator.getMember(chat.id, members[1].id)).status, 'left');
  });

  test('unban is not available in basic groups', async () => {
    const { chat, members } = await setupGroup(emulator, { type: 'group' });
    const body = await callBot(emulator, 'unbanChatMember', { chat_id: chat.id, user_id: members[0].id });
    assert.equal(body.description, 'Bad Request: method is available for supergroup and channel chats only');
  });

  test('promote grants only rights the bot has', async () => {
    const { chat, members } = await setupGroup(emulator, { botRights: { can_promote_members: true, can_delete_messages: true } });
    const forbidden = await callBot(emulator, 'promoteChatMember', { chat_id: chat.id, user_id: members[0].id, can_restrict_members: true });
    assert.equal(forbidden.description, 'Bad Request: RIGHT_FORBIDDEN');
    await callBotOk(emulator, 'promoteChatMember', { chat_id: chat.id, user_id: members[0].id, can_delete_messages: true });
    const promoted = await callBotOk(emulator, 'getChatMember', { chat_id: chat.id, user_id: members[0].id });
    assert.equal(promoted.status, 'administrator');
    assert.equal(promoted.can_delete_messages, true);
    assert.equal(promoted.can_manage_chat, true);
    assert.equal(promoted.can_be_edited, true);
    await callBotOk(emulator, 'setChatAdministratorCustomTitle', { chat_id: chat.id, user_id: members[0].id, custom_title: 'Cleaner' });
    assert.equal((await callBotOk(emulator, 'getChatMember', { chat_id: chat.id, user_id: members[0].id })).custom_title, 'Cleaner');
    await callBotOk(emulator, 'promoteChatMember', { chat_id: chat.id, user_id: members[0].id });
    assert.equal((await emulator.getMember(chat.id, members[0].id)).status, 'member');
  });

  test('promote can not edit admins promoted by others', async () => {
    const { chat } = await setupGroup(emulator, { botRights: { can_promote_members: true } });
    const admin = await emulator.createUser({ first_name: 'Other admin' });
    await emulator.setMember({ chat_id: chat.id, user_id: admin.id, status: 'administrator' });
    const body = await callBot(emulator, 'promoteChatMember', { chat_id: chat.id, user_id: admin.id });
    assert.equal(body.description, 'Bad Request: CHAT_ADMIN_REQUIRED');
    const title = await callBot(emulator, 'setChatAdministratorCustomTitle', { chat_id: chat.id, user_id: admin.id, custom_title: 'x' });
    assert.equal(title.description, 'Bad Request: not enough rights to change custom title of the user');
  });

  test('promote without can_promote_members is rejected', async () => {
    const { chat, members } = await setupGroup(emulator);
    const body = await callBot(emulator, 'promoteChatMember', { chat_id: chat.id, user_id: members[0].id, can_delete_messages: true });
    assert.equal(body.description, 'Bad Request: not enough rights');
  });

  test('promote of a non-member is rejected', async () => {
    const { chat } = await setupGroup(emulator, { botRights: { can_promote_members: true, can_delete_messages: true } });
    const outsider = await emulator.createUser({ first_name: 'Outsider' });
    const body = await callBot(emulator, 'promoteChatMember', { chat_id: chat.id, user_id: outsider.id, can_delete_messages: true });
    assert.equal(body.description, 'Bad Request: USER_NOT_PARTICIPANT');
  });

  test('getChatAdministrators lists owner first and hides other bots', async () => {
    const { chat, owner } = await setupGroup(emulator);
    const otherBot = await emulator.createUser({ first_name: 'Other bot', is_bot: true });
    await emulator.setMember({ chat_id: chat.id, user_id: otherBot.id, status: 'administrator' });
    const admins = await callBotOk(emulator, 'getChatAdministrators', { chat_id: chat.id });
    assert.deepEqual(admins.map((admin) => admin.user.id), [owner.id, BOT_ID]);
    const withBots = await callBotOk(emulator, 'getChatAdministrators', { chat_id: chat.id, return_bots: true });
    assert.equal(withBots.length, 3);
  });

  test('deleteMessage rules', async () => {
    const { chat, members } = await setupGroup(emulator, { botRights: { can_restrict_members: true } });
    const userMessage = await emulator.send({ chat_id: chat.id, from: members[0].id, text: 'spam' });
    const denied = await callBot(emulator, 'deleteMessage', { chat_id: chat.id, message_id: userMessage.message.message_id });
    assert.equal(denied.description, "Bad Request: message can't be deleted");
    const own = await callBotOk(emulator, 'sendMessage', { chat_id: chat.id, text: 'mine' });
    await callBotOk(emulator, 'deleteMessage', { chat_id: chat.id, message_id: own.message_id });
    const again = await callBot(emulator, 'deleteMessage', { chat_id: chat.id, message_id: own.message_id });
    assert.equal(again.description, 'Bad Request: message to delete not found');

    await emulator.setMember({ chat_id: chat.id, user_id: BOT_ID, status: 'administrator', rights: { can_delete_messages: true } });
    await callBotOk(emulator, 'deleteMessage', { chat_id: chat.id, message_id: userMessage.message.message_id });
    const old = await emulator.send({ chat_id: chat.id, from: members[0].id, text: 'old' });
    await emulator.advanceClock(48 * 3600 + 1);
    const tooOld = await callBot(emulator, 'deleteMessage', { chat_id: chat.id, message_id: old.message.message_id });
    assert.equal(tooOld.description, "Bad Request: message can't be deleted");
    const messages = await emulator.messages(chat.id);
    const deletedIds = messages.filter((message) => message.deleted).map((message) => message.message_id);
    assert.deepEqual(deletedIds, [userMessage.message.message_id, own.message_id]);
  });

  test('ban with revoke_messages deletes the user messages', async () => {
    const { chat, members } = await setupGroup(emulator);
    const first = await emulator.send({ chat_id: chat.id, from: members[0].id, text: 'spam 1' });
    await callBotOk(emulator, 'banChatMember', { chat_id: chat.id, user_id: members[0].id, revoke_messages: true });
    const messages = await emulator.messages(chat.id);
    assert.equal(messages.find((message) => message.message_id === first.message.message_id).deleted, true);
    const service = messages.at(-1);
    assert.equal(service.left_chat_member.id, members[0].id);
    assert.equal(service.from.id, BOT_ID);
  });

  test('banned sender chat can not post', async () => {
    const { chat, members } = await setupGroup(emulator);
    const channel = await emulator.createChat({ type: 'channel', title: 'Spam channel' });
    const posted = await emulator.send({ chat_id: chat.id, sender_chat_id: channel.id, text: 'ad' });
    assert.equal(posted.message.from.id, 136817688);
    assert.equal(posted.message.sender_chat.id, channel.id);
    await callBotOk(emulator, 'banChatSenderChat', { chat_id: chat.id, sender_chat_id: channel.id });
    await assert.rejects(emulator.send({ chat_id: chat.id, sender_chat_id: channel.id, text: 'ad 2' }), /banned/);
    await callBotOk(emulator, 'unbanChatSenderChat', { chat_id: chat.id, sender_chat_id: channel.id });
    assert.ok(members.length > 0);
  });

  test('exportChatInviteLink needs can_invite_users', async () => {
    const { chat } = await setupGroup(emulator, { botRights: { can_restrict_members: true } });
    const denied = await callBot(emulator, 'exportChatInviteLink', { chat_id: chat.id });
    assert.equal(denied.error_code, 400);
    await emulator.setMember({ chat_id: chat.id, user_id: BOT_ID, status: 'administrator', rights: { can_invite_users: true } });
    const link = await callBotOk(emulator, 'exportChatInviteLink', { chat_id: chat.id });
    assert.match(link, /^https:\/\/t\.me\/\+/);
    const info = await callBotOk(emulator, 'getChat', { chat_id: chat.id });
    assert.equal(info.invite_link, link);
  });
});
