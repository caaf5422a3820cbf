// The checks in front of commands and buttons, end to end: rights the bot lacks, rights the
// caller lacks, a bot that is not an admin, anonymous admins, and group commands sent in a
// private chat.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BOT, BOT_RIGHTS, CHAT, DANA, EVE, MALLORY, World } from './harness.mjs';

// The bot is an admin without can_restrict_members (and without can_invite_users or
// can_promote_members) here.
const NO_RESTRICT_CHAT = -1005678901234;
// The bot may restrict but not delete messages here.
const NO_DELETE_CHAT = -1005678901235;
// The bot is a plain member here.
const MEMBER_CHAT = -1005678901236;
// An admin of CHAT who may delete messages but not restrict members.
const CLEANER = { id: 9988776655443, first_name: 'Cleaner', username: 'cleaner_example' };

describe('permissions', () => {
  let world;
  let e;

  async function group(id, botRecord) {
    await e.createChat({ id, type: 'supergroup', title: `Group ${id}`, creator_id: DANA.id });
    await e.setMember({ chat_id: id, user_id: BOT.id, ...botRecord });
    await e.setMember({ chat_id: id, user_id: EVE.id, status: 'member' });
  }

  before(async () => {
    world = await World.start();
    e = world.emulator;
    await e.createUser(CLEANER);
    await e.setMember({ chat_id: CHAT, user_id: CLEANER.id, status: 'administrator', rights: { can_delete_messages: true } });
    await group(NO_RESTRICT_CHAT, { status: 'administrator', rights: { can_delete_messages: true, can_pin_messages: true } });
    await group(NO_DELETE_CHAT, { status: 'administrator', rights: { can_restrict_members: true } });
    await group(MEMBER_CHAT, { status: 'member' });
  });
  after(async () => { await world.close(); });

  test('bot lacks a right', async () => {
    const since = await world.lastCallSeq();
    const commands = [`/ban ${EVE.id}`, `/tban ${EVE.id} 1d`, `/unban ${EVE.id}`, `/kick ${EVE.id}`, `/mute ${EVE.id}`,
      `/unmute ${EVE.id}`, `/warn ${EVE.id}`, `/restrict ${EVE.id}`];
    for (const command of commands) await world.sayIn(NO_RESTRICT_CHAT, DANA, command);
    const missing = 'I need the <code>can_restrict_members</code> admin right to do this. Promote me with it and try again.';
    assert.deepEqual(await world.replies(since, NO_RESTRICT_CHAT), Array(commands.length).fill(missing));

    const otherSince = await world.lastCallSeq();
    await world.sayIn(NO_RESTRICT_CHAT, DANA, `/promote ${EVE.id}`);
    await world.sayIn(NO_RESTRICT_CHAT, DANA, '/invitelink');
    assert.deepEqual(await world.replies(otherSince, NO_RESTRICT_CHAT), [
      'I need the <code>can_promote_members</code> admin right to do this. Promote me with it and try again.',
      'I need the <code>can_invite_users</code> admin right to do this. Promote me with it and try again.',
    ]);
    for (const method of ['banChatMember', 'unbanChatMember', 'restrictChatMember', 'promoteChatMember', 'exportChatInviteLink', 'getChatMember']) {
      assert.equal((await world.callsOf(method, since)).length, 0, method);
    }
    assert.equal((await e.getMember(NO_RESTRICT_CHAT, EVE.id)).status, 'member');
  });

  test('bot rights taken away in the chat', async () => {
    const withoutRestrict = { ...BOT_RIGHTS, can_restrict_members: false };
    await world.say(DANA, '/warnings');
    // The my_chat_member update about the bot's new rights resets the cached admin list.
    await e.setMember({ chat_id: CHAT, user_id: BOT.id, status: 'administrator', rights: withoutRestrict, emit: true });
    await world.settle();
    const since = await world.lastCallSeq();
    await world.say(DANA, `/ban ${EVE.id}`);
    assert.deepEqual(await world.replies(since), [
      'I need the <code>can_restrict_members</code> admin right to do this. Promote me with it and try again.',
    ]);
    assert.equal((await world.callsOf('getChatAdministrators', since)).length, 1);
    assert.equal((await world.callsOf('banChatMember', since)).length, 0);
    assert.equal((await e.getMember(CHAT, EVE.id)).status, 'member');
    await e.setMember({ chat_id: CHAT, user_id: BOT.id, status: 'administrator', rights: BOT_RIGHTS, emit: true });
    await world.settle();
  });

  test('anonymous admin rejections', async () => {
    const since = await world.lastCallSeq();
    for (const text of [`/kick ${EVE.id}`, '/resetallwarns', '/warns']) {
      const sent = await e.send({ chat_id: CHAT, sender_chat_id: CHAT, text });
      await world.handled(sent.update_id);
    }
    assert.deepEqual(await world.replies(since), [
      'Anonymous admins cannot use this command. Turn off "Remain anonymous" or use /anonadmin on.',
      'Owner-only commands cannot be confirmed for an anonymous admin. Turn off "Remain anonymous" and try again.',
      "That sender is a channel or an anonymous account, not a person. Reply to a channel's message to ban the channel.",
    ]);
    assert.equal((await world.callsOf('unbanChatMember', since)).length, 0);
    assert.equal((await e.getMember(CHAT, EVE.id)).status, 'member');
  });

  test('bot lacks can_delete_messages', async () => {
    const spam = await world.sayIn(NO_DELETE_CHAT, EVE, 'spam');
    const since = await world.lastCallSeq();
    await world.sayIn(NO_DELETE_CHAT, DANA, `/sban ${EVE.id}`);
    await world.sayIn(NO_DELETE_CHAT, DANA, `/smute ${EVE.id}`);
    await world.sayIn(NO_DELETE_CHAT, DANA, `/swarn ${EVE.id}`);
    for (const command of ['/dban', '/dmute', '/dkick', '/dwarn']) {
      await world.sayIn(NO_DELETE_CHAT, DANA, command, { reply_to_message_id: spam.message.message_id });
    }
    const missing = 'I need the <code>can_delete_messages</code> admin right to do this. Promote me with it and try again.';
    assert.deepEqual(await world.replies(since, NO_DELETE_CHAT), Array(7).fill(missing));
    for (const method of ['banChatMember', 'unbanChatMember', 'restrictChatMember', 'deleteMessage']) {
      assert.equal((await world.callsOf(method, since)).length, 0, method);
    }
    const stored = (await e.messages(NO_DELETE_CHAT)).find((m) => m.message_id === spam.message.message_id);
    assert.equal(stored.deleted, false);
    assert.equal((await e.getMember(NO_DELETE_CHAT, EVE.id)).status, 'member');
  });

  test('bot is not an admin', async () => {
    const since = await world.lastCallSeq();
    await world.sayIn(MEMBER_CHAT, DANA, `/ban ${EVE.id}`);
    await world.sayIn(MEMBER_CHAT, DANA, '/warnings');
    assert.deepEqual(await world.replies(since, MEMBER_CHAT), Array(2).fill('I am not an admin here. Promote me to admin and try again.'));
    assert.equal((await world.callsOf('banChatMember', since)).length, 0);
  });

  test('caller lacks can_restrict_members', async () => {
    await world.say(EVE, 'hello');
    const since = await world.lastCallSeq();
    for (const command of [`/ban ${EVE.id}`, `/mute ${EVE.id}`, `/kick ${EVE.id}`, `/warn ${EVE.id}`, `/unrestrict ${EVE.id}`]) {
      await world.say(CLEANER, command);
    }
    assert.deepEqual(await world.replies(since), Array(5).fill('You need the <code>can_restrict_members</code> admin right to do this.'));

    // The same admin may still run admin commands that need no specific right.
    const settingsSince = await world.lastCallSeq();
    await world.say(CLEANER, '/warnings');
    assert.deepEqual(await world.replies(settingsSince), ['Warn limit: 3\nWarn mode: mute']);

    const menuSince = await world.lastCallSeq();
    await world.say(DANA, `/restrict ${EVE.id}`);
    const [menu] = await world.sentMessages(menuSince);
    const answer = await world.press(CLEANER, menu, `restrict|v1|a=ban&u=${EVE.id}`);
    assert.equal(answer.text, 'You need the can_restrict_members admin right to use this button.');
    assert.equal(answer.show_alert, true);
    for (const method of ['banChatMember', 'unbanChatMember', 'restrictChatMember', 'editMessageText']) {
      assert.equal((await world.callsOf(method, since)).length, 0, method);
    }
    assert.equal((await e.getMember(CHAT, EVE.id)).status, 'member');
  });

  test('group commands in private', async () => {
    const since = await world.lastCallSeq();
    const commands = [`/ban ${MALLORY.id}`, '/warns', '/adminlist', '/anonadmin', '/kickme', '/warnings'];
    for (const command of commands) await world.sayIn(MALLORY.id, MALLORY, command);
    const sent = await world.sentMessages(since, MALLORY.id);
    assert.deepEqual(sent.map((call) => call.params.text), Array(commands.length).fill('This command works in groups. Add me to a group and use it there.'));
    for (const call of sent) assert.equal(call.params.chat_id, MALLORY.id);
    for (const method of ['banChatMember', 'unbanChatMember', 'getChatAdministrators']) {
      assert.equal((await world.callsOf(method, since)).length, 0, method);
    }
  });
});
