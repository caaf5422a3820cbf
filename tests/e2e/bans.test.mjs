// Bans end to end, against the real warden binary and the telegram emulator: ban, tban, sban,
// dban, unban, kick, dkick, kickme, restrict and unrestrict with their buttons, for users and for
// channels.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BOT, CHAT, DANA, EVE, MALLORY, MOD, World, buttonsOf, mention } from './harness.mjs';

// A user who is not in CHAT and has never written there.
const STRANGER = { id: 8123456789012, first_name: 'Stranger', username: 'stranger_example' };
// A member with the largest user id the Bot API allows (it has at most 52 significant bits).
const BIG = { id: 4503599627370495, first_name: 'Big', username: 'big_id_example' };
const CHANNEL = { id: -1008765432109, type: 'channel', title: 'Spam Channel' };

describe('bans', () => {
  let world;
  let e;

  async function member(user) {
    return e.getMember(CHAT, user.id);
  }

  async function rejoin(user) {
    await e.setMember({ chat_id: CHAT, user_id: user.id, status: 'member' });
  }

  async function now() {
    return (await e.clock()).now;
  }

  before(async () => {
    world = await World.start();
    e = world.emulator;
    await e.createUser(STRANGER);
    await e.createUser(BIG);
    await e.setMember({ chat_id: CHAT, user_id: BIG.id, status: 'member' });
    await e.createChat(CHANNEL);
    // The bot resolves @usernames only for users whose messages it has received.
    for (const user of [EVE, MALLORY, BIG]) await world.say(user, `hello from ${user.first_name}`);
  });
  after(async () => { await world.close(); });

  test('ban with reason and Unban button', async () => {
    const since = await world.lastCallSeq();
    const command = await world.say(DANA, `/ban @${EVE.username} spamming links`);

    const bans = await world.callsOf('banChatMember', since);
    assert.equal(bans.length, 1);
    assert.deepEqual(bans[0].params, { chat_id: CHAT, user_id: EVE.id });
    assert.equal(bans[0].ok, true);
    const banned = await member(EVE);
    assert.equal(banned.status, 'kicked');
    assert.equal(banned.until_date, 0);

    const [reply] = await world.sentMessages(since);
    assert.equal(reply.params.text, `${mention(DANA)} banned ${mention(EVE)}.\n<b>Reason:</b> spamming links`);
    assert.equal(reply.params.parse_mode, 'HTML');
    assert.equal(reply.params.reply_parameters.message_id, command.message.message_id);
    assert.deepEqual(buttonsOf(reply), [{ text: 'Unban (admins)', callback_data: `unrestrict|v1|a=unban&u=${EVE.id}` }]);

    const rejected = await world.press(MALLORY, reply, buttonsOf(reply)[0].callback_data);
    assert.equal(rejected.answered, true);
    assert.equal(rejected.text, 'Only admins can use this button.');
    assert.equal(rejected.show_alert, true);
    assert.equal((await world.callsOf('unbanChatMember', since)).length, 0);
    assert.equal((await world.callsOf('editMessageText', since)).length, 0);
    assert.equal((await member(EVE)).status, 'kicked');

    const accepted = await world.press(MOD, reply, buttonsOf(reply)[0].callback_data);
    assert.equal(accepted.answered, true);
    assert.ok(!accepted.text, JSON.stringify(accepted));
    const unbans = await world.callsOf('unbanChatMember', since);
    assert.equal(unbans.length, 1);
    assert.deepEqual(unbans[0].params, { chat_id: CHAT, user_id: EVE.id, only_if_banned: true });
    const [edit] = await world.callsOf('editMessageText', since);
    assert.equal(edit.params.chat_id, CHAT);
    assert.equal(edit.params.message_id, reply.result.message_id);
    assert.equal(edit.params.text, `<s>Dana banned &lt;b&gt;Eve&lt;/b&gt; &amp; co.\nReason: spamming links</s>\nUnbanned by ${mention(MOD)}.`);
    assert.equal(edit.params.reply_markup, undefined);
    assert.equal((await member(EVE)).status, 'left');
    await rejoin(EVE);
  });

  test('ban target forms', async () => {
    const forms = [
      { text: '/ban Mal by mention', entities: [{ type: 'bot_command', offset: 0, length: 4 }, { type: 'text_mention', offset: 5, length: 3, user: { id: MALLORY.id, is_bot: false, first_name: MALLORY.first_name } }], reason: 'by mention' },
      { text: `/ban@${BOT.username} @MALLORY_Example by username`, reason: 'by username' },
      { text: `!ban ${MALLORY.id} by id`, reason: 'by id' },
    ];
    for (const form of forms) {
      const since = await world.lastCallSeq();
      await world.say(DANA, form.text, form.entities ? { entities: form.entities } : {});
      const bans = await world.callsOf('banChatMember', since);
      assert.equal(bans.length, 1, form.text);
      assert.deepEqual(bans[0].params, { chat_id: CHAT, user_id: MALLORY.id });
      assert.deepEqual(await world.replies(since), [`${mention(DANA)} banned ${mention(MALLORY)}.\n<b>Reason:</b> ${form.reason}`]);
      await rejoin(MALLORY);
    }
  });

  test('tban sets until_date', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, `/tban ${EVE.id} 2h flooding`);
    const [ban] = await world.callsOf('banChatMember', since);
    assert.equal(ban.params.user_id, EVE.id);
    const expected = (await now()) + 7200;
    assert.ok(Math.abs(ban.params.until_date - expected) <= 5, JSON.stringify(ban.params));
    const banned = await member(EVE);
    assert.equal(banned.status, 'kicked');
    assert.equal(banned.until_date, ban.params.until_date);
    const [reply] = await world.sentMessages(since);
    assert.equal(reply.params.text, `${mention(DANA)} banned ${mention(EVE)} for 2 hours.\n<b>Reason:</b> flooding`);
    await rejoin(EVE);
  });

  test('sban is silent', async () => {
    const since = await world.lastCallSeq();
    const command = await world.say(DANA, `/sban ${EVE.id}`);
    const bans = await world.callsOf('banChatMember', since);
    assert.equal(bans.length, 1);
    assert.equal(bans[0].params.user_id, EVE.id);
    const deletes = await world.callsOf('deleteMessage', since);
    assert.equal(deletes.length, 1);
    assert.deepEqual(deletes[0].params, { chat_id: CHAT, message_id: command.message.message_id });
    assert.equal(deletes[0].ok, true);
    assert.deepEqual(await world.replies(since), []);
    const stored = (await e.messages(CHAT)).find((m) => m.message_id === command.message.message_id);
    assert.equal(stored.deleted, true);
    assert.equal((await member(EVE)).status, 'kicked');
    await rejoin(EVE);
  });

  test('dban requires a reply', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, `/dban ${EVE.id} spam`);
    assert.deepEqual(await world.replies(since), ['Reply to a message to use this command.']);
    assert.equal((await world.callsOf('banChatMember', since)).length, 0);
    assert.equal((await world.callsOf('deleteMessage', since)).length, 0);
    assert.equal((await member(EVE)).status, 'member');
  });

  test('dban deletes the replied message', async () => {
    const spam = await world.say(EVE, 'buy cheap followers');
    const since = await world.lastCallSeq();
    await world.say(DANA, '/dban advertising', { reply_to_message_id: spam.message.message_id });
    const deletes = await world.callsOf('deleteMessage', since);
    assert.equal(deletes.length, 1);
    assert.deepEqual(deletes[0].params, { chat_id: CHAT, message_id: spam.message.message_id });
    const bans = await world.callsOf('banChatMember', since);
    assert.equal(bans.length, 1);
    assert.deepEqual(bans[0].params, { chat_id: CHAT, user_id: EVE.id });
    const stored = (await e.messages(CHAT)).find((m) => m.message_id === spam.message.message_id);
    assert.equal(stored.deleted, true);
    assert.equal((await member(EVE)).status, 'kicked');
    const [reply] = await world.sentMessages(since);
    assert.equal(reply.params.text, `${mention(DANA)} banned ${mention(EVE)}.\n<b>Reason:</b> advertising`);
    assert.equal(buttonsOf(reply)[0].callback_data, `unrestrict|v1|a=unban&u=${EVE.id}`);
    await rejoin(EVE);
  });

  test('unban of unbanned member', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, `/unban ${MALLORY.id}`);
    assert.deepEqual(await world.replies(since), [`${mention(MALLORY)} is not banned.`]);
    assert.equal((await world.callsOf('unbanChatMember', since)).length, 0);
    assert.equal((await member(MALLORY)).status, 'member');
  });

  test('unban by id', async () => {
    await e.setMember({ chat_id: CHAT, user_id: EVE.id, status: 'kicked' });
    const since = await world.lastCallSeq();
    await world.say(MOD, `/unban ${EVE.id}`);
    const [unban] = await world.callsOf('unbanChatMember', since);
    assert.deepEqual(unban.params, { chat_id: CHAT, user_id: EVE.id, only_if_banned: true });
    assert.deepEqual(await world.replies(since), [`${mention(MOD)} unbanned ${mention(EVE)}.`]);
    assert.equal((await member(EVE)).status, 'left');
    await rejoin(EVE);
  });

  test('ban and unban a channel', async () => {
    const post = await e.send({ chat_id: CHAT, sender_chat_id: CHANNEL.id, text: 'promo post' });
    await world.handled(post.update_id);
    const since = await world.lastCallSeq();
    await world.say(DANA, '/ban', { reply_to_message_id: post.message.message_id });
    const [ban] = await world.callsOf('banChatSenderChat', since);
    assert.deepEqual(ban.params, { chat_id: CHAT, sender_chat_id: CHANNEL.id });
    assert.equal(ban.ok, true);
    assert.equal((await world.callsOf('banChatMember', since)).length, 0);
    assert.deepEqual(await world.replies(since), ['Banned the channel Spam Channel: its posts here are gone for good.']);
    await assert.rejects(e.send({ chat_id: CHAT, sender_chat_id: CHANNEL.id, text: 'again' }), /sender chat -?\d+ is banned/);

    const unbanSince = await world.lastCallSeq();
    await world.say(DANA, '/unban', { reply_to_message_id: post.message.message_id });
    const [unban] = await world.callsOf('unbanChatSenderChat', unbanSince);
    assert.deepEqual(unban.params, { chat_id: CHAT, sender_chat_id: CHANNEL.id });
    assert.equal((await world.callsOf('unbanChatMember', unbanSince)).length, 0);
    assert.deepEqual(await world.replies(unbanSince), ['Unbanned the channel Spam Channel.']);
    const again = await e.send({ chat_id: CHAT, sender_chat_id: CHANNEL.id, text: 'back again' });
    await world.handled(again.update_id);
  });

  test('dban, sban and tban of a channel', async () => {
    const channels = [-1008765432101, -1008765432102, -1008765432103];
    for (const [index, id] of channels.entries()) {
      await e.createChat({ id, type: 'channel', title: `Channel ${index + 1}` });
    }
    const postAs = async (channelId) => {
      const sent = await e.send({ chat_id: CHAT, sender_chat_id: channelId, text: 'promo' });
      await world.handled(sent.update_id);
      return sent.message;
    };

    const first = await postAs(channels[0]);
    let since = await world.lastCallSeq();
    await world.say(DANA, '/dban', { reply_to_message_id: first.message_id });
    let [ban] = await world.callsOf('banChatSenderChat', since);
    assert.deepEqual(ban.params, { chat_id: CHAT, sender_chat_id: channels[0] });
    let deletes = await world.callsOf('deleteMessage', since);
    assert.deepEqual(deletes.map((call) => call.params), [{ chat_id: CHAT, message_id: first.message_id }]);
    assert.equal((await e.messages(CHAT)).find((m) => m.message_id === first.message_id).deleted, true);
    assert.deepEqual(await world.replies(since), ['Banned the channel Channel 1: its posts here are gone for good.']);

    const second = await postAs(channels[1]);
    since = await world.lastCallSeq();
    const command = await world.say(DANA, '/sban', { reply_to_message_id: second.message_id });
    [ban] = await world.callsOf('banChatSenderChat', since);
    assert.deepEqual(ban.params, { chat_id: CHAT, sender_chat_id: channels[1] });
    deletes = await world.callsOf('deleteMessage', since);
    assert.deepEqual(deletes.map((call) => call.params), [{ chat_id: CHAT, message_id: command.message.message_id }]);
    assert.deepEqual(await world.replies(since), []);

    // banChatSenderChat has no until_date, so a timed ban of a channel is rejected.
    since = await world.lastCallSeq();
    await world.say(DANA, `/tban ${channels[2]} 1h`);
    assert.deepEqual(await world.replies(since), ['Telegram bans channels only permanently; use /ban to ban this channel.']);
    assert.equal((await world.callsOf('banChatSenderChat', since)).length, 0);
    const later = await e.send({ chat_id: CHAT, sender_chat_id: channels[2], text: 'still here' });
    await world.handled(later.update_id);
  });

  test('ban of the group itself rejected', async () => {
    const anonymous = await e.send({ chat_id: CHAT, sender_chat_id: CHAT, text: 'a post by an anonymous admin' });
    await world.handled(anonymous.update_id);
    const since = await world.lastCallSeq();
    await world.say(DANA, '/ban', { reply_to_message_id: anonymous.message.message_id });
    await world.say(DANA, `/ban ${CHAT}`);
    await world.say(DANA, `/unban ${CHAT}`);
    assert.deepEqual(await world.replies(since), Array(3).fill('That is this group itself (a message from an anonymous admin), not someone to act on.'));
    for (const method of ['banChatSenderChat', 'unbanChatSenderChat', 'banChatMember', 'unbanChatMember']) {
      assert.equal((await world.callsOf(method, since)).length, 0, method);
    }
  });

  test('kick lets the user rejoin', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, `/kick ${EVE.id} off topic`);
    const kicks = await world.callsOf('unbanChatMember', since);
    assert.equal(kicks.length, 1);
    assert.deepEqual(kicks[0].params, { chat_id: CHAT, user_id: EVE.id });
    assert.equal((await world.callsOf('banChatMember', since)).length, 0);
    assert.equal((await member(EVE)).status, 'left');
    assert.deepEqual(await world.replies(since), [`${mention(DANA)} kicked ${mention(EVE)}.\n<b>Reason:</b> off topic`]);
    await e.join(CHAT, EVE.id);
    assert.equal((await member(EVE)).status, 'member');
    await world.settle();
  });

  test('kick of a non-member', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, `/kick ${STRANGER.id}`);
    const texts = await world.replies(since);
    assert.equal(texts.length, 1);
    assert.match(texts[0], new RegExp(`^<a href="tg://user\\?id=${STRANGER.id}">[^<]*</a> is not in this chat\\.$`));
    assert.equal((await world.callsOf('unbanChatMember', since)).length, 0);
    assert.equal((await world.callsOf('banChatMember', since)).length, 0);
    assert.equal((await member(STRANGER)).status, 'left');
  });

  test('dkick with and without reply', async () => {
    let since = await world.lastCallSeq();
    await world.say(DANA, `/dkick ${EVE.id}`);
    assert.deepEqual(await world.replies(since), ['Reply to a message to use this command.']);
    assert.equal((await world.callsOf('unbanChatMember', since)).length, 0);

    const spam = await world.say(EVE, 'off-topic rant');
    since = await world.lastCallSeq();
    await world.say(MOD, '/dkick', { reply_to_message_id: spam.message.message_id });
    const [deletion] = await world.callsOf('deleteMessage', since);
    assert.deepEqual(deletion.params, { chat_id: CHAT, message_id: spam.message.message_id });
    const kicks = await world.callsOf('unbanChatMember', since);
    assert.equal(kicks.length, 1);
    assert.deepEqual(kicks[0].params, { chat_id: CHAT, user_id: EVE.id });
    assert.equal((await member(EVE)).status, 'left');
    assert.deepEqual(await world.replies(since), [`${mention(MOD)} kicked ${mention(EVE)}.`]);
    await rejoin(EVE);
  });

  test('kickme for member and admins', async () => {
    let since = await world.lastCallSeq();
    await world.say(EVE, '/kickme');
    const [kick] = await world.callsOf('unbanChatMember', since);
    assert.deepEqual(kick.params, { chat_id: CHAT, user_id: EVE.id });
    assert.deepEqual(await world.replies(since), ['Bye!']);
    assert.equal((await member(EVE)).status, 'left');
    await rejoin(EVE);

    since = await world.lastCallSeq();
    await world.say(MOD, '/kickme');
    await world.say(DANA, '/kickme');
    assert.deepEqual(await world.replies(since), [
      'You are an admin here; you have to stay.',
      'You are an admin here; you have to stay.',
    ]);
    assert.equal((await world.callsOf('unbanChatMember', since)).length, 0);
    assert.equal((await member(MOD)).status, 'administrator');
    assert.equal((await member(DANA)).status, 'creator');
  });

  test('restrict menu and Ban button', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, `/restrict ${EVE.id}`);
    const [menu] = await world.sentMessages(since);
    assert.equal(menu.params.text, `How should ${mention(EVE)} be restricted?`);
    assert.deepEqual(menu.params.reply_markup.inline_keyboard, [
      [{ text: 'Ban', callback_data: `restrict|v1|a=ban&u=${EVE.id}` }, { text: 'Kick', callback_data: `restrict|v1|a=kick&u=${EVE.id}` }],
      [{ text: 'Mute', callback_data: `restrict|v1|a=mute&u=${EVE.id}` }],
    ]);

    for (const action of ['ban', 'kick', 'mute']) {
      const rejected = await world.press(MALLORY, menu, `restrict|v1|a=${action}&u=${EVE.id}`);
      assert.equal(rejected.text, 'Only admins can use this button.');
      assert.equal(rejected.show_alert, true);
    }
    for (const method of ['banChatMember', 'unbanChatMember', 'restrictChatMember', 'editMessageText']) {
      assert.equal((await world.callsOf(method, since)).length, 0, method);
    }
    assert.equal((await member(EVE)).status, 'member');

    const pressed = await world.press(MOD, menu, `restrict|v1|a=ban&u=${EVE.id}`);
    assert.equal(pressed.answered, true);
    assert.ok(!pressed.text, JSON.stringify(pressed));
    const bans = await world.callsOf('banChatMember', since);
    assert.equal(bans.length, 1);
    assert.deepEqual(bans[0].params, { chat_id: CHAT, user_id: EVE.id });
    assert.equal((await world.callsOf('unbanChatMember', since)).length, 0);
    assert.equal((await world.callsOf('restrictChatMember', since)).length, 0);
    assert.equal((await member(EVE)).status, 'kicked');
    const [edit] = await world.callsOf('editMessageText', since);
    assert.equal(edit.params.message_id, menu.result.message_id);
    assert.equal(edit.params.text, `${mention(MOD)} banned ${mention(EVE)}.`);
    await rejoin(EVE);
  });

  test('restrict Mute and Kick buttons', async () => {
    const ask = async () => {
      const since = await world.lastCallSeq();
      await world.say(DANA, `/restrict ${EVE.id}`);
      const [menu] = await world.sentMessages(since);
      return { menu, since };
    };

    let { menu, since } = await ask();
    const muted = await world.press(MOD, menu, `restrict|v1|a=mute&u=${EVE.id}`);
    assert.equal(muted.answered, true);
    assert.ok(!muted.text, JSON.stringify(muted));
    const restricts = await world.callsOf('restrictChatMember', since);
    assert.equal(restricts.length, 1);
    assert.equal(restricts[0].params.user_id, EVE.id);
    assert.equal(restricts[0].params.until_date, undefined);
    assert.equal(restricts[0].params.use_independent_chat_permissions, true);
    for (const [name, value] of Object.entries(restricts[0].params.permissions)) assert.equal(value, false, name);
    assert.equal((await world.callsOf('unbanChatMember', since)).length, 0);
    assert.equal((await world.callsOf('banChatMember', since)).length, 0);
    const state = await member(EVE);
    assert.equal(state.status, 'restricted');
    assert.equal(state.is_member, true);
    assert.equal(state.can_send_messages, false);
    let [edit] = await world.callsOf('editMessageText', since);
    assert.equal(edit.params.message_id, menu.result.message_id);
    assert.equal(edit.params.text, `${mention(MOD)} muted ${mention(EVE)}.`);
    await rejoin(EVE);

    ({ menu, since } = await ask());
    await world.press(MOD, menu, `restrict|v1|a=kick&u=${EVE.id}`);
    const kicks = await world.callsOf('unbanChatMember', since);
    assert.equal(kicks.length, 1);
    assert.deepEqual(kicks[0].params, { chat_id: CHAT, user_id: EVE.id });
    assert.equal((await world.callsOf('restrictChatMember', since)).length, 0);
    assert.equal((await world.callsOf('banChatMember', since)).length, 0);
    assert.equal((await member(EVE)).status, 'left');
    [edit] = await world.callsOf('editMessageText', since);
    assert.equal(edit.params.text, `${mention(MOD)} kicked ${mention(EVE)}.`);
    await rejoin(EVE);
  });

  test('restrict of non-member or admin', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, `/restrict ${STRANGER.id}`);
    await world.say(DANA, `/restrict ${MOD.id}`);
    const texts = await world.replies(since);
    assert.match(texts[0], /is not in this chat\.$/);
    assert.equal(texts[1], `${mention(MOD)} is an admin of this chat; admins cannot be punished.`);
    assert.equal(texts.length, 2);
  });

  test('unrestrict Unmute and Unban buttons', async () => {
    await e.setMember({ chat_id: CHAT, user_id: EVE.id, status: 'restricted', rights: { can_send_messages: false }, is_member: true });
    let since = await world.lastCallSeq();
    await world.say(DANA, `/unrestrict ${EVE.id}`);
    let [menu] = await world.sentMessages(since);
    assert.equal(menu.params.text, `What should be lifted for ${mention(EVE)}?`);
    assert.deepEqual(menu.params.reply_markup.inline_keyboard, [[
      { text: 'Unban (admins)', callback_data: `unrestrict|v1|a=unban&u=${EVE.id}` },
      { text: 'Unmute (admins)', callback_data: `unrestrict|v1|a=unmute&u=${EVE.id}` },
    ]]);
    const rejected = await world.press(EVE, menu, `unrestrict|v1|a=unmute&u=${EVE.id}`);
    assert.equal(rejected.text, 'Only admins can use this button.');
    assert.equal((await world.callsOf('restrictChatMember', since)).length, 0);

    await world.press(MOD, menu, `unrestrict|v1|a=unmute&u=${EVE.id}`);
    const [restrict] = await world.callsOf('restrictChatMember', since);
    assert.equal(restrict.params.user_id, EVE.id);
    assert.equal(restrict.params.permissions.can_send_messages, true);
    assert.equal(restrict.params.permissions.can_send_photos, true);
    assert.equal((await member(EVE)).can_send_messages, true);
    let [edit] = await world.callsOf('editMessageText', since);
    assert.equal(edit.params.text, `<s>What should be lifted for &lt;b&gt;Eve&lt;/b&gt; &amp; co?</s>\nUnmuted by ${mention(MOD)}.`);

    await e.setMember({ chat_id: CHAT, user_id: EVE.id, status: 'kicked' });
    since = await world.lastCallSeq();
    await world.say(DANA, `/unrestrict ${EVE.id}`);
    [menu] = await world.sentMessages(since);
    await world.press(MOD, menu, `unrestrict|v1|a=unban&u=${EVE.id}`);
    const [unban] = await world.callsOf('unbanChatMember', since);
    assert.deepEqual(unban.params, { chat_id: CHAT, user_id: EVE.id, only_if_banned: true });
    assert.equal((await member(EVE)).status, 'left');
    [edit] = await world.callsOf('editMessageText', since);
    assert.match(edit.params.text, new RegExp(`</s>\\nUnbanned by ${mention(MOD).replace(/[?]/g, '\\?')}\\.$`));
    await rejoin(EVE);
  });

  test('ban of a 52-bit user id', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, `/ban ${BIG.id}`);
    const [ban] = await world.callsOf('banChatMember', since);
    assert.equal(ban.params.user_id, BIG.id);
    assert.equal((await member(BIG)).status, 'kicked');
    const [reply] = await world.sentMessages(since);
    assert.equal(reply.params.text, `${mention(DANA)} banned ${mention(BIG)}.`);
    assert.equal(buttonsOf(reply)[0].callback_data, `unrestrict|v1|a=unban&u=${BIG.id}`);
    await world.press(DANA, reply, buttonsOf(reply)[0].callback_data);
    const [unban] = await world.callsOf('unbanChatMember', since);
    assert.equal(unban.params.user_id, BIG.id);
    assert.equal((await member(BIG)).status, 'left');
    await e.setMember({ chat_id: CHAT, user_id: BIG.id, status: 'member' });
  });

  test('members, admins and self rejected', async () => {
    const since = await world.lastCallSeq();
    const commands = [
      `/ban ${EVE.id}`, `/tban ${EVE.id} 1h`, `/sban ${EVE.id}`, `/unban ${EVE.id}`, `/kick ${EVE.id}`,
      `/restrict ${EVE.id}`, `/unrestrict ${EVE.id}`,
    ];
    for (const command of commands) await world.say(MALLORY, command);
    const spam = await world.say(EVE, 'more spam');
    await world.say(MALLORY, '/dban', { reply_to_message_id: spam.message.message_id });
    await world.say(MALLORY, '/dkick', { reply_to_message_id: spam.message.message_id });
    const texts = await world.replies(since);
    assert.equal(texts.length, commands.length + 2);
    for (const text of texts) assert.equal(text, 'Only admins of this chat can use this command.');

    const selfSince = await world.lastCallSeq();
    await world.say(DANA, `/ban ${BOT.id}`);
    await world.say(DANA, `/kick ${MOD.id}`);
    await world.say(MOD, `/tban ${DANA.id} 1d`);
    const rejections = await world.replies(selfSince);
    assert.deepEqual(rejections, [
      'I am not going to do that to myself.',
      `${mention(MOD)} is an admin of this chat; admins cannot be punished.`,
      `${mention(DANA)} owns this chat; the owner cannot be punished.`,
    ]);
    for (const method of ['banChatMember', 'unbanChatMember', 'restrictChatMember', 'deleteMessage']) {
      assert.equal((await world.callsOf(method, since)).length, 0, method);
    }
    assert.equal((await member(EVE)).status, 'member');
  });
});
