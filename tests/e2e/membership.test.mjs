// The bot's own membership and other membership updates: a thank-you when added to a
// supergroup, leaving basic groups, admin cache invalidation on chat_member updates, and moving
// a basic group's data when it becomes a supergroup.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BOT, BOT_RIGHTS, CHAT, DANA, EVE, MALLORY, World, mention } from './harness.mjs';

// Basic groups with ids below -2^32, so that the ids need 64 bits.
const BASIC_GROUP = -5123456789;
const MIGRATING_GROUP = -5234567890;
// Supergroups that the bot is added to, as an admin and as a plain member.
const NEW_SUPERGROUP = -1006789012345;
const QUIET_SUPERGROUP = -1006789012346;

describe('membership', () => {
  let world;
  let e;

  before(async () => {
    world = await World.start();
    e = world.emulator;
  });
  after(async () => { await world.close(); });

  test('bot added to a supergroup', async () => {
    await e.createChat({ id: NEW_SUPERGROUP, type: 'supergroup', title: 'Fresh <group>', creator_id: DANA.id });
    await e.createChat({ id: QUIET_SUPERGROUP, type: 'supergroup', title: 'Quiet group', creator_id: DANA.id });
    const since = await world.lastCallSeq();
    await e.setMember({ chat_id: NEW_SUPERGROUP, user_id: BOT.id, status: 'administrator', rights: BOT_RIGHTS, emit: true });
    await e.setMember({ chat_id: QUIET_SUPERGROUP, user_id: BOT.id, status: 'member', emit: true });
    await world.settle();

    assert.deepEqual(await world.replies(since, NEW_SUPERGROUP), [
      'Thanks for adding me to Fresh &lt;group&gt;! Send /help in private to see what I can do.',
    ]);
    assert.deepEqual(await world.replies(since, QUIET_SUPERGROUP), [
      'Thanks for adding me to Quiet group! Send /help in private to see what I can do.\n\n' +
        'Make me an admin with the rights to delete messages and restrict members, so that I can moderate.',
    ]);
    assert.equal((await world.callsOf('leaveChat', since)).length, 0);
    assert.equal((await e.getMember(NEW_SUPERGROUP, BOT.id)).status, 'administrator');
    assert.equal((await e.getMember(QUIET_SUPERGROUP, BOT.id)).status, 'member');
  });

  test('bot added to a basic group', async () => {
    await e.createChat({ id: BASIC_GROUP, type: 'group', title: 'Old style group', creator_id: DANA.id });
    const since = await world.lastCallSeq();
    await e.setMember({ chat_id: BASIC_GROUP, user_id: BOT.id, status: 'member', emit: true });
    await world.settle();

    const sent = await world.sentMessages(since, BASIC_GROUP);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].params.text,
      'I only work in supergroups. Convert this group to a supergroup (for example by making it public or changing its history setting), then add me again.');
    const leaves = await world.callsOf('leaveChat', since);
    assert.equal(leaves.length, 1);
    assert.deepEqual(leaves[0].params, { chat_id: BASIC_GROUP });
    assert.equal(leaves[0].ok, true);
    assert.ok(leaves[0].seq > sent[0].seq, 'the bot left before explaining');
    assert.equal((await e.getMember(BASIC_GROUP, BOT.id)).status, 'left');
  });

  test('chat_member resets admin cache', async () => {
    let since = await world.lastCallSeq();
    await world.say(EVE, '/warnings');
    assert.deepEqual(await world.replies(since), ['Only admins of this chat can use this command.']);

    // Without an update the cached list stays as it was.
    await e.setMember({ chat_id: CHAT, user_id: EVE.id, status: 'administrator', rights: { can_restrict_members: true } });
    since = await world.lastCallSeq();
    await world.say(EVE, '/warnings');
    assert.deepEqual(await world.replies(since), ['Only admins of this chat can use this command.']);
    assert.equal((await world.callsOf('getChatAdministrators', since)).length, 0);

    // The same promotion, announced with a chat_member update.
    await e.setMember({ chat_id: CHAT, user_id: EVE.id, status: 'member' });
    await e.setMember({ chat_id: CHAT, user_id: EVE.id, status: 'administrator', rights: { can_restrict_members: true }, emit: true });
    await world.settle();
    since = await world.lastCallSeq();
    await world.say(EVE, '/warnings');
    assert.deepEqual(await world.replies(since), ['Warn limit: 3\nWarn mode: mute']);
    assert.equal((await world.callsOf('getChatAdministrators', since)).length, 1);

    await e.setMember({ chat_id: CHAT, user_id: EVE.id, status: 'member', emit: true });
    await world.settle();
    since = await world.lastCallSeq();
    await world.say(EVE, '/warnings');
    assert.deepEqual(await world.replies(since), ['Only admins of this chat can use this command.']);
    assert.equal((await world.callsOf('getChatAdministrators', since)).length, 1);
  });

  test('member-only change keeps admin cache', async () => {
    await world.say(DANA, '/warnings');
    await e.leave(CHAT, MALLORY.id);
    await e.join(CHAT, MALLORY.id);
    await world.settle();
    const since = await world.lastCallSeq();
    await world.say(DANA, '/warnings');
    assert.equal((await world.callsOf('getChatAdministrators', since)).length, 0);
  });

  test('migration moves warnings and settings', async () => {
    await e.createChat({ id: MIGRATING_GROUP, type: 'group', title: 'Growing group', creator_id: DANA.id });
    await e.setMember({ chat_id: MIGRATING_GROUP, user_id: BOT.id, status: 'administrator', rights: BOT_RIGHTS });
    await e.setMember({ chat_id: MIGRATING_GROUP, user_id: EVE.id, status: 'member' });
    await world.sayIn(MIGRATING_GROUP, EVE, 'hello');
    let since = await world.lastCallSeq();
    await world.sayIn(MIGRATING_GROUP, DANA, '/setwarnlimit 4');
    await world.sayIn(MIGRATING_GROUP, DANA, `/warn ${EVE.id} spam in the old group`);
    assert.deepEqual(await world.replies(since, MIGRATING_GROUP), [
      'The warn limit is now 4.',
      `${mention(EVE)} has been warned (1/4).\n<b>Reason:</b> spam in the old group`,
    ]);

    const migration = await e.migrate(MIGRATING_GROUP);
    const newId = migration.migrate_to_chat_id;
    assert.ok(newId < -1000000000000, String(newId));
    await world.handled(Math.max(...migration.update_ids));

    since = await world.lastCallSeq();
    await world.sayIn(newId, DANA, `/warns ${EVE.id}`);
    await world.sayIn(newId, DANA, '/warnings');
    await world.sayIn(newId, DANA, `/warn ${EVE.id} again`);
    assert.deepEqual(await world.replies(since, newId), [
      `${mention(EVE)} has 1/4 warnings:\n - spam in the old group`,
      'Warn limit: 4\nWarn mode: mute',
      `${mention(EVE)} has been warned (2/4).\n<b>Reason:</b> again`,
    ]);
    // Nothing was sent to the old id after the migration.
    assert.equal((await world.callsIn('sendMessage', since, MIGRATING_GROUP)).length, 0);
  });
});
