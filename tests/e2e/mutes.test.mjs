// Mutes end to end, against the real warden binary and the telegram emulator: mute with its
// Unmute button, tmute, smute, dmute and unmute.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BOT, CHAT, DANA, EVE, MALLORY, MOD, World, buttonsOf, mention } from './harness.mjs';

// A supergroup whose default permissions forbid polls, link previews and inviting.
const STRICT_CHAT = -1003456789012;
const STRICT_PERMISSIONS = {
  can_send_messages: true, can_send_audios: true, can_send_documents: true, can_send_photos: true,
  can_send_videos: true, can_send_video_notes: true, can_send_voice_notes: true, can_send_polls: false,
  can_send_other_messages: true, can_add_web_page_previews: false, can_change_info: false,
  can_invite_users: false, can_pin_messages: false, can_manage_topics: false,
};
// A user who is not in CHAT.
const OUTSIDER = { id: 9123456789012, first_name: 'Outsider', username: 'outsider_example' };

// Asserts that a restrictChatMember call takes away every permission it names, and names the
// main send permissions.
function assertMutedPermissions(params) {
  assert.equal(params.use_independent_chat_permissions, true);
  const names = Object.keys(params.permissions);
  for (const name of ['can_send_messages', 'can_send_photos', 'can_send_polls', 'can_send_other_messages', 'can_add_web_page_previews']) {
    assert.ok(names.includes(name), name);
  }
  for (const name of names) assert.equal(params.permissions[name], false, name);
}

describe('mutes', () => {
  let world;
  let e;
  let strictChat;

  const member = (user, chatId = CHAT) => e.getMember(chatId, user.id);
  const unmuteDirectly = (user) => e.setMember({ chat_id: CHAT, user_id: user.id, status: 'member' });

  before(async () => {
    world = await World.start();
    e = world.emulator;
    await e.createUser(OUTSIDER);
    strictChat = await e.createChat({ id: STRICT_CHAT, type: 'supergroup', title: 'Strict group', creator_id: DANA.id, permissions: STRICT_PERMISSIONS });
    await e.setMember({ chat_id: STRICT_CHAT, user_id: BOT.id, status: 'administrator', rights: { can_restrict_members: true, can_delete_messages: true } });
    await e.setMember({ chat_id: STRICT_CHAT, user_id: EVE.id, status: 'member' });
    for (const user of [EVE, MALLORY]) await world.say(user, `hi, I am ${user.username}`);
  });
  after(async () => { await world.close(); });

  test('mute with reason and Unmute button', async () => {
    const since = await world.lastCallSeq();
    const command = await world.say(MOD, `/mute @${EVE.username} shouting`);
    const restricts = await world.callsOf('restrictChatMember', since);
    assert.equal(restricts.length, 1);
    assert.equal(restricts[0].params.chat_id, CHAT);
    assert.equal(restricts[0].params.user_id, EVE.id);
    assert.equal(restricts[0].params.until_date, undefined);
    assertMutedPermissions(restricts[0].params);
    const muted = await member(EVE);
    assert.equal(muted.status, 'restricted');
    assert.equal(muted.is_member, true);
    assert.equal(muted.can_send_messages, false);
    assert.equal(muted.until_date, 0);
    await assert.rejects(e.send({ chat_id: CHAT, from: EVE.id, text: 'can I talk?' }), /is restricted .*can_send_messages is false/);

    const [reply] = await world.sentMessages(since);
    assert.equal(reply.params.text, `${mention(MOD)} muted ${mention(EVE)}.\n<b>Reason:</b> shouting`);
    assert.equal(reply.params.reply_parameters.message_id, command.message.message_id);
    assert.deepEqual(buttonsOf(reply), [{ text: 'Unmute (admins)', callback_data: `unrestrict|v1|a=unmute&u=${EVE.id}` }]);

    const rejected = await world.press(MALLORY, reply, buttonsOf(reply)[0].callback_data);
    assert.equal(rejected.text, 'Only admins can use this button.');
    assert.equal(rejected.show_alert, true);
    assert.equal((await world.callsOf('restrictChatMember', since)).length, 1);
    assert.equal((await member(EVE)).can_send_messages, false);

    const accepted = await world.press(DANA, reply, buttonsOf(reply)[0].callback_data);
    assert.equal(accepted.answered, true);
    assert.ok(!accepted.text);
    const [, unmute] = await world.callsOf('restrictChatMember', since);
    assert.equal(unmute.params.user_id, EVE.id);
    assert.equal(unmute.params.permissions.can_send_messages, true);
    assert.equal(unmute.params.permissions.can_send_photos, true);
    assert.equal((await member(EVE)).can_send_messages, true);
    const [edit] = await world.callsOf('editMessageText', since);
    assert.equal(edit.params.message_id, reply.result.message_id);
    assert.equal(edit.params.text, `<s>Mod muted &lt;b&gt;Eve&lt;/b&gt; &amp; co.\nReason: shouting</s>\nUnmuted by ${mention(DANA)}.`);
    const spoke = await e.send({ chat_id: CHAT, from: EVE.id, text: 'thanks' });
    await world.handled(spoke.update_id);
    await unmuteDirectly(EVE);
  });

  test('tmute sets until_date', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, `/tmute ${MALLORY.id} 45m cool down`);
    const [restrict] = await world.callsOf('restrictChatMember', since);
    assert.equal(restrict.params.user_id, MALLORY.id);
    assertMutedPermissions(restrict.params);
    const now = (await e.clock()).now;
    assert.ok(Math.abs(restrict.params.until_date - (now + 2700)) <= 5, JSON.stringify(restrict.params));
    const muted = await member(MALLORY);
    assert.equal(muted.status, 'restricted');
    assert.equal(muted.until_date, restrict.params.until_date);
    assert.deepEqual(await world.replies(since), [`${mention(DANA)} muted ${mention(MALLORY)} for 45 minutes.\n<b>Reason:</b> cool down`]);
    await unmuteDirectly(MALLORY);
  });

  test('smute is silent', async () => {
    const since = await world.lastCallSeq();
    const command = await world.say(MOD, `/smute ${EVE.id}`);
    const [restrict] = await world.callsOf('restrictChatMember', since);
    assert.equal(restrict.params.user_id, EVE.id);
    assertMutedPermissions(restrict.params);
    const deletes = await world.callsOf('deleteMessage', since);
    assert.equal(deletes.length, 1);
    assert.deepEqual(deletes[0].params, { chat_id: CHAT, message_id: command.message.message_id });
    assert.deepEqual(await world.replies(since), []);
    assert.equal((await member(EVE)).can_send_messages, false);
    const stored = (await e.messages(CHAT)).find((m) => m.message_id === command.message.message_id);
    assert.equal(stored.deleted, true);
    await unmuteDirectly(EVE);
  });

  test('dmute with and without reply', async () => {
    let since = await world.lastCallSeq();
    await world.say(DANA, `/dmute ${EVE.id}`);
    assert.deepEqual(await world.replies(since), ['Reply to a message to use this command.']);
    assert.equal((await world.callsOf('restrictChatMember', since)).length, 0);
    assert.equal((await world.callsOf('deleteMessage', since)).length, 0);

    const rude = await world.say(EVE, 'rude remark');
    since = await world.lastCallSeq();
    await world.say(DANA, '/dmute rudeness', { reply_to_message_id: rude.message.message_id });
    const deletes = await world.callsOf('deleteMessage', since);
    assert.equal(deletes.length, 1);
    assert.deepEqual(deletes[0].params, { chat_id: CHAT, message_id: rude.message.message_id });
    const [restrict] = await world.callsOf('restrictChatMember', since);
    assert.equal(restrict.params.user_id, EVE.id);
    assertMutedPermissions(restrict.params);
    assert.equal((await member(EVE)).can_send_messages, false);
    const stored = (await e.messages(CHAT)).find((m) => m.message_id === rude.message.message_id);
    assert.equal(stored.deleted, true);
    const [reply] = await world.sentMessages(since);
    assert.equal(reply.params.text, `${mention(DANA)} muted ${mention(EVE)}.\n<b>Reason:</b> rudeness`);
    assert.equal(buttonsOf(reply)[0].callback_data, `unrestrict|v1|a=unmute&u=${EVE.id}`);
    await unmuteDirectly(EVE);
  });

  test('unmute restores chat defaults', async () => {
    const chatPermissions = strictChat.permissions;
    assert.equal(chatPermissions.can_send_polls, false);
    await e.setMember({ chat_id: STRICT_CHAT, user_id: EVE.id, status: 'restricted', is_member: true, rights: { can_send_messages: false } });
    const since = await world.lastCallSeq();
    await world.sayIn(STRICT_CHAT, DANA, `/unmute ${EVE.id}`);
    const restricts = await world.callsIn('restrictChatMember', since, STRICT_CHAT);
    assert.equal(restricts.length, 1);
    const { params } = restricts[0];
    assert.equal(params.user_id, EVE.id);
    assert.equal(params.use_independent_chat_permissions, true);
    for (const name of ['can_send_messages', 'can_send_audios', 'can_send_documents', 'can_send_photos', 'can_send_videos',
      'can_send_video_notes', 'can_send_voice_notes', 'can_send_polls', 'can_send_other_messages',
      'can_add_web_page_previews', 'can_change_info', 'can_invite_users', 'can_pin_messages']) {
      assert.equal(params.permissions[name], chatPermissions[name], name);
    }
    const unmuted = await member(EVE, STRICT_CHAT);
    assert.equal(unmuted.can_send_messages, true);
    assert.equal(unmuted.can_send_polls, false);
    assert.equal(unmuted.can_add_web_page_previews, false);
    assert.deepEqual(await world.replies(since, STRICT_CHAT), [`${mention(DANA)} unmuted ${mention(EVE)}.`]);
  });

  test('mute of a non-member', async () => {
    const since = await world.lastCallSeq();
    await world.say(DANA, `/mute ${OUTSIDER.id}`);
    await world.say(DANA, `/unmute ${OUTSIDER.id}`);
    const texts = await world.replies(since);
    assert.equal(texts.length, 2);
    for (const text of texts) {
      assert.match(text, new RegExp(`^<a href="tg://user\\?id=${OUTSIDER.id}">[^<]*</a> is not in this chat\\.$`));
    }
    assert.equal((await world.callsOf('restrictChatMember', since)).length, 0);
    assert.equal((await member(OUTSIDER)).status, 'left');
  });

  test('members and admin targets rejected', async () => {
    const since = await world.lastCallSeq();
    for (const command of [`/mute ${EVE.id}`, `/tmute ${EVE.id} 1h`, `/smute ${EVE.id}`, `/unmute ${EVE.id}`]) {
      await world.say(MALLORY, command);
    }
    const quoted = await world.say(EVE, 'quoted');
    await world.say(MALLORY, '/dmute', { reply_to_message_id: quoted.message.message_id });
    const texts = await world.replies(since);
    assert.deepEqual(texts, Array(5).fill('Only admins of this chat can use this command.'));

    const adminSince = await world.lastCallSeq();
    await world.say(DANA, `/mute ${MOD.id}`);
    await world.say(MOD, `/tmute ${DANA.id} 10m`);
    assert.deepEqual(await world.replies(adminSince), [
      `${mention(MOD)} is an admin of this chat; admins cannot be punished.`,
      `${mention(DANA)} owns this chat; the owner cannot be punished.`,
    ]);
    assert.equal((await world.callsOf('restrictChatMember', since)).length, 0);
    assert.equal((await world.callsOf('deleteMessage', since)).length, 0);
    assert.equal((await member(EVE)).status, 'member');
  });
});
