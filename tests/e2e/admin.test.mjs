// Admin commands end to end, against the real warden binary and the telegram emulator:
// adminlist, admincache, clearadmincache, promote, demote, title, invitelink and anonadmin.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BOT, CHAT, DANA, EVE, MALLORY, MOD, World, mention } from './harness.mjs';

// Admins of CHAT: one without a username, one whose only rights are to promote, invite and pin,
// and an anonymous one.
const PAT = { id: 8765432109876, first_name: 'Pat' };
const PROMOTER = { id: 7777777777777, first_name: 'Promoter', username: 'promoter_example' };
const GHOST = { id: 6543210987654, first_name: 'Ghost', username: 'ghost_example' };
// A user who is not in CHAT.
const OUTSIDER = { id: 5432109876543, first_name: 'Outsider', username: 'outsider_example' };
// A user who joins CHAT through an invite link.
const NEWCOMER = { id: 8000000000001, first_name: 'Newcomer' };
// A supergroup with a public username.
const PUBLIC_CHAT = { id: -1004567890123, type: 'supergroup', title: 'Public group', username: 'warden_public_group' };

// promoteChatMember parameters that grant no right.
const NONE_GRANTED = {
  can_manage_chat: false, can_delete_messages: false, can_manage_video_chats: false, can_restrict_members: false,
  can_change_info: false, can_invite_users: false, can_pin_messages: false, can_manage_topics: false,
  can_promote_members: false,
};

describe('admin', () => {
  let world;
  let e;
  const member = (user, chatId = CHAT) => e.getMember(chatId, user.id);

  before(async () => {
    world = await World.start();
    e = world.emulator;
    for (const user of [PAT, PROMOTER, GHOST, OUTSIDER, NEWCOMER]) await e.createUser(user);
    await e.setMember({ chat_id: CHAT, user_id: PAT.id, status: 'administrator', rights: { can_manage_chat: true, can_delete_messages: true } });
    await e.setMember({ chat_id: CHAT, user_id: PROMOTER.id, status: 'administrator', rights: { can_promote_members: true, can_invite_users: true, can_pin_messages: true } });
    await e.setMember({ chat_id: CHAT, user_id: GHOST.id, status: 'administrator', rights: { is_anonymous: true, can_restrict_members: true } });
    await e.createChat({ ...PUBLIC_CHAT, creator_id: DANA.id });
    await e.setMember({ chat_id: PUBLIC_CHAT.id, user_id: BOT.id, status: 'administrator', rights: { can_invite_users: true } });
    for (const user of [EVE, MALLORY]) await world.say(user, `hi from ${user.first_name}`);
  });
  after(async () => { await world.close(); });

  test('adminlist hides bots, marks owner', async () => {
    const since = await world.lastCallSeq();
    await world.say(EVE, '/adminlist');
    const loads = await world.callsOf('getChatAdministrators', since);
    assert.equal(loads.length, 1);
    const result = loads[0].result.map((m) => m.user.id);
    assert.ok(result.includes(BOT.id), JSON.stringify(result));
    assert.ok(result.includes(GHOST.id), JSON.stringify(result));
    await world.say(MALLORY, '/adminlist');
    assert.equal((await world.callsOf('getChatAdministrators', since)).length, 1);
    const list = `Admins of <b>Test group ${CHAT}</b>:\n- @dana_admin (owner)\n- @mod_example\n- ${mention(PAT)}\n- @promoter_example`;
    assert.deepEqual(await world.replies(since), [
      `${list}\n\n<i>Freshly loaded from Telegram.</i>`,
      `${list}\n\n<i>From the cached list; /admincache reloads it.</i>`,
    ]);
  });

  test('admincache reloads for admins', async () => {
    await e.setMember({ chat_id: CHAT, user_id: PAT.id, status: 'member' });
    const since = await world.lastCallSeq();
    await world.say(EVE, '/admincache');
    assert.deepEqual(await world.replies(since), ['Only admins of this chat can use this command.']);
    const reloadSince = await world.lastCallSeq();
    await world.say(MOD, '/admincache');
    // The admin check reads the cached list, and only the command itself reloads it.
    const loads = await world.callsOf('getChatAdministrators', reloadSince);
    assert.equal(loads.length, 1);
    assert.equal(loads[0].result.length, 5);
    assert.deepEqual(await world.replies(reloadSince), ['Reloaded the admin list: 5 admins.']);
    const listSince = await world.lastCallSeq();
    await world.say(EVE, '/adminlist');
    const [list] = await world.replies(listSince);
    assert.ok(!list.includes('Pat'), list);
    assert.equal((await world.callsOf('getChatAdministrators', listSince)).length, 0);
    await e.setMember({ chat_id: CHAT, user_id: PAT.id, status: 'administrator', rights: { can_manage_chat: true, can_delete_messages: true } });
  });

  test('clearadmincache forces a reload', async () => {
    // PAT became an admin again without any update, so the cached list still lacks them.
    let since = await world.lastCallSeq();
    await world.say(PAT, '/warnings');
    assert.deepEqual(await world.replies(since), ['Only admins of this chat can use this command.']);
    await world.say(MALLORY, '/clearadmincache');
    assert.deepEqual(await world.replies(since), [
      'Only admins of this chat can use this command.',
      'Only admins of this chat can use this command.',
    ]);

    since = await world.lastCallSeq();
    await world.say(MOD, '/clearadmincache');
    assert.deepEqual(await world.replies(since), ['Cleared the cached admin list; it reloads on the next check.']);
    assert.equal((await world.callsOf('getChatAdministrators', since)).length, 0);
    const checkSince = await world.lastCallSeq();
    await world.say(PAT, '/warnings');
    assert.equal((await world.callsOf('getChatAdministrators', checkSince)).length, 1);
    assert.deepEqual(await world.replies(checkSince), ['Warn limit: 3\nWarn mode: mute']);
  });

  test('promote by owner with long title', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, `/promote ${EVE.id} Supreme Overseer of Spam`);
    const promotions = await world.callsOf('promoteChatMember', since);
    assert.equal(promotions.length, 1);
    assert.deepEqual(promotions[0].params, {
      chat_id: CHAT, user_id: EVE.id, can_manage_chat: true, can_delete_messages: true, can_manage_video_chats: false,
      can_restrict_members: true, can_change_info: true, can_invite_users: true, can_pin_messages: true,
      can_manage_topics: false, can_promote_members: false,
    });
    const titles = await world.callsOf('setChatAdministratorCustomTitle', since);
    assert.equal(titles.length, 1);
    assert.deepEqual(titles[0].params, { chat_id: CHAT, user_id: EVE.id, custom_title: 'Supreme Overseer' });
    assert.equal(titles[0].ok, true);
    assert.deepEqual(await world.replies(since), [`Promoted ${mention(EVE)}.\nThe title was cut to 16 characters from 24.`]);
    const promoted = await e.getMember(CHAT, EVE.id, BOT.id);
    assert.equal(promoted.status, 'administrator');
    assert.equal(promoted.custom_title, 'Supreme Overseer');
    assert.equal(promoted.can_restrict_members, true);
    assert.equal(promoted.can_promote_members, false);
    assert.equal(promoted.can_be_edited, true);

    // The promotion reset the cached list, so the new admin passes the admin check at once.
    const checkSince = await world.lastCallSeq();
    await world.say(EVE, '/warnings');
    assert.deepEqual(await world.replies(checkSince), ['Warn limit: 3\nWarn mode: mute']);
  });

  test('promote by admin grants shared rights', async () => {
    const since = await world.lastCallSeq();
    await world.say(PROMOTER, `/promote ${MALLORY.id}`);
    const [promotion] = await world.callsOf('promoteChatMember', since);
    // Telegram implies can_manage_chat from any other admin right, so the promoter has it too.
    assert.deepEqual(promotion.params, {
      ...NONE_GRANTED, chat_id: CHAT, user_id: MALLORY.id, can_manage_chat: true, can_invite_users: true, can_pin_messages: true,
    });
    assert.equal((await world.callsOf('setChatAdministratorCustomTitle', since)).length, 0);
    assert.deepEqual(await world.replies(since), [`Promoted ${mention(MALLORY)}.`]);
    const promoted = await member(MALLORY);
    assert.equal(promoted.status, 'administrator');
    assert.equal(promoted.can_invite_users, true);
    assert.equal(promoted.can_restrict_members, false);
    assert.equal(promoted.can_delete_messages, false);
  });

  test('promote rejections', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, `/promote ${MOD.id}`);
    await world.say(DANA, `/promote ${DANA.id}`);
    await world.say(MOD, `/promote ${EVE.id}`);
    await world.say(EVE, `/promote ${MALLORY.id}`);
    await world.say(DANA, `/promote ${BOT.id}`);
    await world.say(DANA, `/promote ${OUTSIDER.id}`);
    assert.deepEqual(await world.replies(since), [
      `${mention(MOD)} is an admin of this chat; admins cannot be punished.`,
      `${mention(DANA)} owns this chat; the owner cannot be punished.`,
      'You need the <code>can_promote_members</code> admin right to do this.',
      'You need the <code>can_promote_members</code> admin right to do this.',
      'I am not going to do that to myself.',
      'Telegram refused the promotion: I need the can_promote_members right, and the user may already be an admin promoted by someone else.',
    ]);
    const calls = await world.callsOf('promoteChatMember', since);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].params.user_id, OUTSIDER.id);
    assert.equal(calls[0].description, 'Bad Request: USER_NOT_PARTICIPANT');
    assert.equal((await member(OUTSIDER)).status, 'left');
    assert.equal((await member(MOD)).can_promote_members, false);
  });

  test('title set, cut and rejected', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, `/title ${EVE.id} Helper`);
    await world.say(DANA, `/title ${EVE.id} Keeper of the Seven Keys`);
    await world.say(DANA, `/title ${EVE.id}`);
    await world.say(DANA, `/title ${DANA.id} Boss`);

    await e.setMember({ chat_id: CHAT, user_id: GHOST.id, status: 'member' });
    await world.say(DANA, '/clearadmincache');
    await world.say(DANA, `/title ${GHOST.id} Spooky`);
    await world.say(MOD, `/title ${EVE.id} Nope`);
    // Telegram lets a bot title only the admins it promoted, and the owner promoted MOD.
    await world.say(DANA, `/title ${MOD.id} Boss`);

    const titles = await world.callsOf('setChatAdministratorCustomTitle', since);
    assert.deepEqual(titles.map((call) => call.params), [
      { chat_id: CHAT, user_id: EVE.id, custom_title: 'Helper' },
      { chat_id: CHAT, user_id: EVE.id, custom_title: 'Keeper of the Se' },
      { chat_id: CHAT, user_id: MOD.id, custom_title: 'Boss' },
    ]);
    assert.deepEqual(titles.map((call) => call.ok), [true, true, false]);

    assert.deepEqual(await world.replies(since), [
      `${mention(EVE)} now has the title <b>Helper</b>.`,
      `${mention(EVE)} now has the title <b>Keeper of the Se</b>.\nThe title was cut to 16 characters from 24.`,
      'Give the title after the user: /title @user Moderator',
      `${mention(DANA)} owns this chat; the owner cannot be punished.`,
      'Cleared the cached admin list; it reloads on the next check.',
      // The bot has received no message from Ghost, so it names them by id.
      `<a href="tg://user?id=${GHOST.id}">${GHOST.id}</a> is not an admin.`,
      'You need the <code>can_promote_members</code> admin right to do this.',
      'Telegram refused the title; only admins I promoted can get one from me.',
    ]);
    assert.equal((await member(EVE)).custom_title, 'Keeper of the Se');
    assert.equal((await member(MOD)).custom_title, undefined);
  });

  test('demote and its rejections', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, `/demote ${EVE.id}`);
    const [demotion] = await world.callsOf('promoteChatMember', since);
    assert.deepEqual(demotion.params, { ...NONE_GRANTED, chat_id: CHAT, user_id: EVE.id });
    assert.equal(demotion.ok, true);
    assert.equal((await member(EVE)).status, 'member');

    await world.say(DANA, `/demote ${MOD.id}`);
    await world.say(DANA, `/demote ${EVE.id}`);
    await world.say(DANA, `/demote ${DANA.id}`);
    await world.say(MOD, `/demote ${MALLORY.id}`);
    const calls = await world.callsOf('promoteChatMember', since);
    assert.equal(calls.length, 2);
    assert.equal(calls[1].params.user_id, MOD.id);
    assert.equal(calls[1].ok, false);
    assert.equal(calls[1].description, 'Bad Request: CHAT_ADMIN_REQUIRED');
    assert.equal((await member(MOD)).status, 'administrator');
    assert.deepEqual(await world.replies(since), [
      `Demoted ${mention(EVE)}.`,
      'Telegram refused the demotion: bots can only demote admins they promoted themselves.',
      `${mention(EVE)} is not an admin.`,
      `${mention(DANA)} owns this chat; the owner cannot be punished.`,
      'You need the <code>can_promote_members</code> admin right to do this.',
    ]);
    // The bot promoted Mallory for PROMOTER in an earlier test.
    await world.say(DANA, `/demote ${MALLORY.id}`);
    assert.equal((await member(MALLORY)).status, 'member');
  });

  test('invitelink private and public', async () => {
    let since = await world.lastCallSeq();
    await world.say(DANA, '/invitelink');
    const exports = await world.callsOf('exportChatInviteLink', since);
    assert.equal(exports.length, 1);
    assert.deepEqual(exports[0].params, { chat_id: CHAT });
    assert.equal(typeof exports[0].result, 'string');
    assert.match(exports[0].result, /^https:\/\/t\.me\/\+/);
    assert.deepEqual(await world.replies(since), [`Invite link: ${exports[0].result}`]);

    // Exporting again would revoke the link just posted, so the bot shows the same one.
    const againSince = await world.lastCallSeq();
    await world.say(DANA, '/invitelink');
    assert.equal((await world.callsOf('exportChatInviteLink', againSince)).length, 0);
    assert.deepEqual(await world.replies(againSince), [`Invite link: ${exports[0].result}`]);
    const joined = await e.join(CHAT, NEWCOMER.id, exports[0].result);
    await world.handled(Math.max(...joined.update_ids));
    assert.equal((await member(NEWCOMER)).status, 'member');

    since = await world.lastCallSeq();
    await world.sayIn(PUBLIC_CHAT.id, DANA, '/invitelink');
    assert.equal((await world.callsOf('exportChatInviteLink', since)).length, 0);
    assert.deepEqual(await world.replies(since, PUBLIC_CHAT.id), ['Invite link: https://t.me/warden_public_group']);

    since = await world.lastCallSeq();
    await world.say(MOD, '/invitelink');
    await world.say(EVE, '/invitelink');
    assert.deepEqual(await world.replies(since), [
      'You need the <code>can_invite_users</code> admin right to do this.',
      'Only admins of this chat can use this command.',
    ]);
    assert.equal((await world.callsOf('exportChatInviteLink', since)).length, 0);
  });

  test('anonadmin read, change and effect', async () => {
    let since = await world.lastCallSeq();
    await world.say(EVE, '/anonadmin');
    await world.say(MOD, '/anonadmin on');
    await world.say(EVE, '/anonadmin on');
    const anonymous = await e.send({ chat_id: CHAT, sender_chat_id: CHAT, text: '/anonadmin on' });
    await world.handled(anonymous.update_id);
    await world.say(DANA, '/anonadmin maybe');
    await world.say(DANA, '/anonadmin off');
    await world.say(DANA, '/anonadmin ON');
    await world.say(DANA, '/anonadmin on');
    await world.say(MALLORY, '/anonadmin');
    assert.deepEqual(await world.replies(since), [
      'Anonymous admins must have their commands confirmed by an admin with a button.',
      'Only the owner of this chat can do this.',
      'Only the owner of this chat can do this.',
      'Owner-only commands cannot be confirmed for an anonymous admin. Turn off "Remain anonymous" and try again.',
      '<code>maybe</code> is not on or off. Use /anonadmin on, or /anonadmin off.',
      'Commands from anonymous admins already need confirmation.',
      'Anonymous admins can now run commands without confirmation.',
      'Anonymous admins can already run commands without confirmation.',
      'Anonymous admins can run commands here without confirmation.',
    ]);

    since = await world.lastCallSeq();
    const trusted = await e.send({ chat_id: CHAT, sender_chat_id: CHAT, text: `/mute ${MALLORY.id}` });
    await world.handled(trusted.update_id);
    const [restrict] = await world.callsOf('restrictChatMember', since);
    assert.equal(restrict.params.user_id, MALLORY.id);
    assert.equal(restrict.params.permissions.can_send_messages, false);
    assert.equal((await member(MALLORY)).can_send_messages, false);
    const [reply] = await world.sentMessages(since);
    assert.equal(reply.params.text, `An anonymous admin muted ${mention(MALLORY)}.`);
    await e.setMember({ chat_id: CHAT, user_id: MALLORY.id, status: 'member' });

    since = await world.lastCallSeq();
    await world.say(DANA, '/anonadmin off');
    const confirmed = await e.send({ chat_id: CHAT, sender_chat_id: CHAT, text: `/mute ${MALLORY.id}` });
    await world.handled(confirmed.update_id);
    const texts = await world.replies(since);
    assert.equal(texts[0], 'Commands from anonymous admins now need an admin\'s confirmation.');
    assert.match(texts[1], /^You are an anonymous admin\. An admin must press the button below to run \/mute as themself\.$/);
    assert.equal((await world.callsOf('restrictChatMember', since)).length, 0);
    assert.equal((await member(MALLORY)).status, 'member');
  });
});
