// Greetings end to end, against the real warden binary and the telegram emulator: welcome,
// goodbye, setwelcome, setgoodbye, resetwelcome, resetgoodbye, cleanwelcome, cleangoodbye,
// cleanservice, autoapprove, joins and leaves seen as chat_member updates and as service
// messages, and join requests with their buttons.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BOT, BOT_RIGHTS, CHAT, DANA, EVE, MOD, OTHER_CHAT, World, buttonsOf, mention } from './harness.mjs';

const NOT_ADMIN = 'Only admins of this chat can use this command.';
const NEEDS_CHANGE_INFO = 'You need the <code>can_change_info</code> admin right to do this.';
const WELCOME_STATUS = (state, clean, service) =>
  `Welcome messages: <b>${state}</b>\nDelete the previous welcome: <b>${clean}</b>\n` +
  `Delete join and leave messages: <b>${service}</b>\n\nThe welcome message:`;
const GOODBYE_STATUS = (state, clean, service) =>
  `Goodbye messages: <b>${state}</b>\nDelete the previous goodbye: <b>${clean}</b>\n` +
  `Delete join and leave messages: <b>${service}</b>\n\nThe goodbye message:`;
const PHOTO_ID = 'AgACAgIAAxkBAAIwelcomePhoto01';

describe('greetings', () => {
  let world;
  let e;
  let nextId = 8100000001;

  // A new user who is not in any chat yet.
  async function newcomer(firstName, extra = {}) {
    const user = { id: nextId++, first_name: firstName, ...extra };
    await e.createUser(user);
    return user;
  }

  async function handledAll(result) {
    await world.handled(Math.max(...result.update_ids));
  }

  // The user joins by themselves: a chat_member update and a new_chat_members service message.
  async function join(user) {
    const joined = await e.join(CHAT, user.id);
    await handledAll(joined);
    return joined;
  }

  async function leave(user) {
    const left = await e.leave(CHAT, user.id);
    await handledAll(left);
    return left;
  }

  // Sends a command as `from` and returns the texts of the bot's replies.
  async function command(from, text, extra = {}) {
    const since = await world.lastCallSeq();
    await world.say(from, text, extra);
    return world.replies(since);
  }

  before(async () => {
    world = await World.start();
    e = world.emulator;
  });
  after(async () => { await world.close(); });

  test('welcome and goodbye show their settings and a preview', async () => {
    assert.deepEqual(await command(DANA, '/welcome'), [
      WELCOME_STATUS('on', 'off', 'off'),
      'Hey Dana, how are you?',
    ]);
    assert.deepEqual(await command(DANA, '/welcome noformat'), [
      WELCOME_STATUS('on', 'off', 'off'),
      'Hey {first}, how are you?',
    ]);
    // Goodbyes start off, so that bans and kicks stay quiet; the other tests need them on.
    assert.deepEqual(await command(DANA, '/goodbye'), [
      GOODBYE_STATUS('off', 'off', 'off'),
      'Sad to see you leaving Dana',
    ]);
    assert.deepEqual(await command(DANA, '/goodbye on'), ['Goodbye messages are on: I will say goodbye to members who leave.']);
    assert.deepEqual(await command(DANA, '/goodbye NOFORMAT'), [
      GOODBYE_STATUS('on', 'off', 'off'),
      'Sad to see you leaving {first}',
    ]);
    const since = await world.lastCallSeq();
    const sentCommand = await world.say(DANA, '/welcome');
    const [status, preview] = await world.sentMessages(since);
    assert.equal(status.params.reply_parameters.message_id, sentCommand.message.message_id);
    assert.equal(preview.params.reply_parameters.message_id, sentCommand.message.message_id);
  });

  test('commands reject members who are not admins', async () => {
    for (const text of ['/welcome', '/goodbye off', '/setwelcome hi', '/resetwelcome', '/cleanwelcome on',
      '/cleangoodbye on', '/cleanservice on', '/autoapprove on', '/setgoodbye bye', '/resetgoodbye']) {
      assert.deepEqual(await command(EVE, text), [NOT_ADMIN], text);
    }
    // MOD is an admin without can_change_info.
    for (const text of ['/setwelcome hi', '/setgoodbye bye', '/resetwelcome', '/resetgoodbye',
      '/cleanwelcome on', '/cleangoodbye on', '/cleanservice on', '/autoapprove on']) {
      assert.deepEqual(await command(MOD, text), [NEEDS_CHANGE_INFO], text);
    }
    assert.deepEqual(await command(MOD, '/welcome'), [WELCOME_STATUS('on', 'off', 'off'), 'Hey Mod, how are you?']);
    assert.deepEqual(await command(DANA, '/welcome'), [WELCOME_STATUS('on', 'off', 'off'), 'Hey Dana, how are you?']);
  });

  test('invalid choices and empty content', async () => {
    assert.deepEqual(await command(DANA, '/welcome maybe'), [
      '<code>maybe</code> is not a valid choice. Use on, yes, off, no or noformat.',
    ]);
    assert.deepEqual(await command(DANA, '/cleanservice <sometimes>'), [
      '<code>&lt;sometimes&gt;</code> is not a valid choice. Use on, yes, off or no.',
    ]);
    assert.deepEqual(await command(DANA, '/setwelcome'), [
      'There is nothing to save. Write some text after the command, or reply to a message with text or media.',
    ]);
  });

  test('a join seen as chat_member and as a service message is greeted once', async () => {
    const nina = await newcomer('Nina', { last_name: 'Novak', username: 'nina_example' });
    const since = await world.lastCallSeq();
    const joined = await join(nina);
    assert.ok(joined.update_ids.length >= 2, 'the emulator sends both copies of the join');
    const sent = await world.sentMessages(since);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].params.text, 'Hey Nina, how are you?');
    assert.equal(sent[0].params.reply_parameters, undefined);
    assert.equal(sent[0].params.link_preview_options.is_disabled, true);
  });

  test('three members added at once are each greeted', async () => {
    const added = [await newcomer('Oscar'), await newcomer('Paula'), await newcomer('Quinn')];
    const since = await world.lastCallSeq();
    await handledAll(await e.addMembers(CHAT, DANA.id, added.map((user) => user.id)));
    assert.deepEqual(await world.replies(since), added.map((user) => `Hey ${user.first_name}, how are you?`));
  });

  test('bots that join are not greeted', async () => {
    const robot = await newcomer('Robot', { is_bot: true, username: 'other_example_bot' });
    const since = await world.lastCallSeq();
    await join(robot);
    assert.deepEqual(await world.replies(since), []);
  });

  test('service messages alone greet and say goodbye', async () => {
    // Service messages without chat_member updates, as a bot that is not an admin receives them.
    const gail = await newcomer('Gail');
    const hugo = await newcomer('Hugo');
    const since = await world.lastCallSeq();
    const joined = await e.send({ chat_id: CHAT, from: DANA.id, extra: { new_chat_members: [gail, hugo] } });
    await world.handled(joined.update_id);
    const left = await e.send({ chat_id: CHAT, from: DANA.id, extra: { left_chat_member: gail } });
    await world.handled(left.update_id);
    assert.deepEqual(await world.replies(since), [
      'Hey Gail, how are you?',
      'Hey Hugo, how are you?',
      'Sad to see you leaving Gail',
    ]);
  });

  test('a leave gets one goodbye', async () => {
    const rita = await newcomer('Rita');
    await join(rita);
    const since = await world.lastCallSeq();
    await leave(rita);
    assert.deepEqual(await world.replies(since), ['Sad to see you leaving Rita']);
  });

  test('a name with markup is escaped in the fillings', async () => {
    await leave(EVE);
    const since = await world.lastCallSeq();
    await join(EVE);
    assert.deepEqual(await world.replies(since), ['Hey &lt;b&gt;Eve&lt;/b&gt; &amp; co, how are you?']);
    assert.deepEqual(await command(DANA, '/setwelcome Welcome {mention} ({id}) to {chatname}!'),
      ['Saved the new welcome message.']);
    await leave(EVE);
    const again = await world.lastCallSeq();
    await join(EVE);
    assert.deepEqual(await world.replies(again), [
      `Welcome ${mention(EVE)} (${EVE.id}) to Test group ${CHAT}!`,
    ]);
  });

  test('a welcome with emoji and a fancy link keeps its formatting', async () => {
    const label = '𝓦𝓮𝓵𝓬𝓸𝓶𝓮 🎉';
    const text = `/setwelcome 👋 Hi {first}!\n${label} and bold`;
    const entities = [
      { type: 'bot_command', offset: 0, length: '/setwelcome'.length },
      { type: 'text_link', offset: text.indexOf(label), length: label.length, url: 'https://example.com/' },
      { type: 'bold', offset: text.indexOf('bold'), length: 4 },
    ];
    assert.deepEqual(await command(DANA, text, { entities }), ['Saved the new welcome message.']);
    assert.deepEqual(await command(DANA, '/welcome noformat'), [
      WELCOME_STATUS('on', 'off', 'off'),
      `👋 Hi {first}!\n[${label}](https://example.com/) and *bold*`,
    ]);

    const sam = await newcomer('Sam');
    const since = await world.lastCallSeq();
    await join(sam);
    const [welcome] = await world.sentMessages(since);
    assert.equal(welcome.params.text, `👋 Hi Sam!\n<a href="https://example.com/">${label}</a> and <b>bold</b>`);
    const stored = (await e.messages(CHAT)).find((message) => message.message_id === welcome.result.message_id);
    const plain = `👋 Hi Sam!\n${label} and bold`;
    assert.equal(stored.text, plain);
    const link = stored.entities.find((entity) => entity.type === 'text_link');
    assert.deepEqual([link.offset, link.length], [plain.indexOf(label), label.length]);
    assert.equal(link.url, 'https://example.com/');
    const bold = stored.entities.find((entity) => entity.type === 'bold');
    assert.deepEqual([bold.offset, bold.length], [plain.indexOf('bold'), 4]);
  });

  test('buttons are kept and invalid ones reported', async () => {
    const replies = await command(DANA,
      '/setwelcome Hello {first}\n[Rules](buttonurl://https://example.org/rules)\n[Bad](buttonurl://javascript:alert)');
    assert.equal(replies.length, 1);
    assert.match(replies[0], /^Saved the new welcome message\.\n\nThe button <b>Bad<\/b>/);
    const tom = await newcomer('Tom');
    const since = await world.lastCallSeq();
    await join(tom);
    const [welcome] = await world.sentMessages(since);
    assert.equal(welcome.params.text, 'Hello Tom');
    assert.deepEqual(buttonsOf(welcome), [{ text: 'Rules', url: 'https://example.org/rules' }]);
  });

  test('resetwelcome goes back to the default', async () => {
    assert.deepEqual(await command(DANA, '/resetwelcome'), ['The welcome message is back to the default.']);
    assert.deepEqual(await command(DANA, '/welcome noformat'), [
      WELCOME_STATUS('on', 'off', 'off'),
      'Hey {first}, how are you?',
    ]);
  });

  test('welcome off sends no greeting', async () => {
    assert.deepEqual(await command(DANA, '/welcome off'), ['Welcome messages are off: I will not greet new members.']);
    const uma = await newcomer('Uma');
    const since = await world.lastCallSeq();
    await join(uma);
    assert.deepEqual(await world.replies(since), []);
    const replies = await command(DANA, '/setwelcome Hi {first}');
    assert.deepEqual(replies, ['Saved the new welcome message.\nWelcome messages are off; /welcome on turns them on.']);
    assert.deepEqual(await command(DANA, '/welcome yes'), ['Welcome messages are on: I will greet new members.']);
    assert.deepEqual(await command(DANA, '/resetwelcome'), ['The welcome message is back to the default.']);
  });

  test('cleanwelcome deletes the previous welcome', async () => {
    assert.deepEqual(await command(DANA, '/cleanwelcome'), [
      'Deleting the previous welcome when a new member is greeted: <b>off</b>.',
    ]);
    assert.deepEqual(await command(DANA, '/cleanwelcome on'), [
      'From now on I delete the previous welcome message when I send a new one.',
    ]);
    const since = await world.lastCallSeq();
    await join(await newcomer('Vic'));
    await join(await newcomer('Walt'));
    const welcomes = await world.sentMessages(since);
    assert.deepEqual(welcomes.map((call) => call.params.text), ['Hey Vic, how are you?', 'Hey Walt, how are you?']);
    const deletions = await world.callsOf('deleteMessage', since);
    assert.deepEqual(deletions.map((call) => call.params.message_id), [welcomes[0].result.message_id]);
    assert.equal(deletions[0].ok, true);
    assert.deepEqual(await command(DANA, '/welcome'), [
      WELCOME_STATUS('on', 'on', 'off'),
      'Hey Dana, how are you?',
    ]);
    assert.deepEqual(await command(DANA, '/cleanwelcome off'), ['I no longer delete previous welcome messages.']);
  });

  test('cleanservice deletes join and leave service messages', async () => {
    assert.deepEqual(await command(DANA, '/cleanservice on'), [
      'From now on I delete the messages Telegram posts when people join or leave.',
    ]);
    const xena = await newcomer('Xena');
    let since = await world.lastCallSeq();
    const joined = await join(xena);
    let deletions = await world.callsOf('deleteMessage', since);
    assert.deepEqual(deletions.map((call) => [call.params.message_id, call.ok]), [[joined.message.message_id, true]]);
    assert.deepEqual(await world.replies(since), ['Hey Xena, how are you?']);

    since = await world.lastCallSeq();
    const left = await leave(xena);
    deletions = await world.callsOf('deleteMessage', since);
    assert.deepEqual(deletions.map((call) => call.params.message_id), [left.message.message_id]);
    assert.deepEqual(await world.replies(since), ['Sad to see you leaving Xena']);
    assert.deepEqual(await command(DANA, '/cleanservice'), ['Deleting join and leave service messages: <b>on</b>.']);
    assert.deepEqual(await command(DANA, '/cleanservice off'), ['I no longer delete join and leave service messages.']);
  });

  test('cleanservice without the delete right keeps service messages', async () => {
    await e.setMember({
      chat_id: OTHER_CHAT, user_id: BOT.id, status: 'administrator', rights: { ...BOT_RIGHTS, can_delete_messages: false },
    });
    let since = await world.lastCallSeq();
    await world.sayIn(OTHER_CHAT, DANA, '/cleanservice on');
    assert.deepEqual(await world.replies(since, OTHER_CHAT), [
      'From now on I delete the messages Telegram posts when people join or leave.\n' +
        'I need the <code>can_delete_messages</code> admin right to delete them; promote me with it.',
    ]);
    const ivan = await newcomer('Ivan');
    since = await world.lastCallSeq();
    await handledAll(await e.join(OTHER_CHAT, ivan.id));
    assert.equal((await world.callsOf('deleteMessage', since)).length, 0);
    assert.deepEqual(await world.replies(since, OTHER_CHAT), ['Hey Ivan, how are you?']);
  });

  test('setgoodbye, cleangoodbye, goodbye off and resetgoodbye', async () => {
    assert.deepEqual(await command(DANA, '/setgoodbye Farewell, *{fullname}*'), ['Saved the new goodbye message.']);
    assert.deepEqual(await command(DANA, '/cleangoodbye on'), [
      'From now on I delete the previous goodbye message when I send a new one.',
    ]);
    const yara = await newcomer('Yara', { last_name: 'Young' });
    const zeke = await newcomer('Zeke');
    await join(yara);
    await join(zeke);
    const since = await world.lastCallSeq();
    await leave(yara);
    await leave(zeke);
    const goodbyes = await world.sentMessages(since);
    assert.deepEqual(goodbyes.map((call) => call.params.text), ['Farewell, <b>Yara Young</b>', 'Farewell, <b>Zeke</b>']);
    const deletions = await world.callsOf('deleteMessage', since);
    assert.deepEqual(deletions.map((call) => call.params.message_id), [goodbyes[0].result.message_id]);
    assert.deepEqual(await command(DANA, '/cleangoodbye'), [
      'Deleting the previous goodbye when a new one is sent: <b>on</b>.',
    ]);
    assert.deepEqual(await command(DANA, '/cleangoodbye no'), ['I no longer delete previous goodbye messages.']);

    assert.deepEqual(await command(DANA, '/goodbye off'), [
      'Goodbye messages are off: I will not say goodbye to members who leave.',
    ]);
    await join(yara);
    const quiet = await world.lastCallSeq();
    await leave(yara);
    assert.deepEqual(await world.replies(quiet), []);
    assert.deepEqual(await command(DANA, '/goodbye on'), ['Goodbye messages are on: I will say goodbye to members who leave.']);
    assert.deepEqual(await command(DANA, '/resetgoodbye'), ['The goodbye message is back to the default.']);
    assert.deepEqual(await command(DANA, '/goodbye noformat'), [
      GOODBYE_STATUS('on', 'off', 'off'),
      'Sad to see you leaving {first}',
    ]);
  });

  test('setwelcome from a replied photo', async () => {
    const photo = await e.send({ chat_id: CHAT, from: DANA.id, photo: PHOTO_ID, caption: 'Look, {first}!' });
    await world.handled(photo.update_id);
    assert.deepEqual(await command(DANA, '/setwelcome', { reply_to_message_id: photo.message.message_id }),
      ['Saved the new welcome message.']);
    let since = await world.lastCallSeq();
    await join(await newcomer('Abe'));
    let sent = await world.callsIn('sendPhoto', since);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].ok, true);
    assert.equal(sent[0].params.photo, PHOTO_ID);
    assert.equal(sent[0].params.caption, 'Look, Abe!');
    assert.deepEqual(await world.replies(since), []);

    // Text after the command replaces the caption and keeps the photo.
    assert.deepEqual(await command(DANA, '/setwelcome Hello _{first}_',
      { reply_to_message_id: photo.message.message_id }), ['Saved the new welcome message.']);
    since = await world.lastCallSeq();
    await join(await newcomer('Bea'));
    sent = await world.callsIn('sendPhoto', since);
    assert.deepEqual(sent.map((call) => [call.params.photo, call.params.caption]), [[PHOTO_ID, 'Hello <i>Bea</i>']]);
    assert.deepEqual(await command(DANA, '/resetwelcome'), ['The welcome message is back to the default.']);
  });

  test('a join request posts a notice; Approve lets the user in', async () => {
    const carl = await newcomer('Carl <3');
    let since = await world.lastCallSeq();
    const request = await e.joinRequest({ chat_id: CHAT, user_id: carl.id });
    await handledAll(request);
    const [notice] = await world.sentMessages(since);
    assert.equal(notice.params.text, `${mention(carl)} (<code>${carl.id}</code>) asked to join this chat.`);
    assert.deepEqual(notice.params.reply_markup.inline_keyboard, [
      [
        { text: 'Approve', callback_data: `joinreq|v1|a=accept&u=${carl.id}` },
        { text: 'Decline', callback_data: `joinreq|v1|a=decline&u=${carl.id}` },
      ],
      [{ text: 'Ban', callback_data: `joinreq|v1|a=ban&u=${carl.id}` }],
    ]);

    // The same request again within five minutes posts nothing.
    since = await world.lastCallSeq();
    await handledAll(await e.joinRequest({ chat_id: CHAT, user_id: carl.id }));
    assert.deepEqual(await world.replies(since), []);

    const refused = await world.press(EVE, notice, `joinreq|v1|a=accept&u=${carl.id}`);
    assert.equal(refused.text, 'Only admins can use this button.');
    assert.equal(refused.show_alert, true);
    const lacking = await world.press(MOD, notice, `joinreq|v1|a=accept&u=${carl.id}`);
    assert.equal(lacking.text, 'You need the can_invite_users admin right to use this button.');
    assert.equal((await world.callsOf('approveChatJoinRequest', since)).length, 0);

    since = await world.lastCallSeq();
    const answer = await world.press(DANA, notice, `joinreq|v1|a=accept&u=${carl.id}`);
    assert.equal(answer.text, 'Approved.');
    const approvals = await world.callsOf('approveChatJoinRequest', since);
    assert.deepEqual(approvals.map((call) => [call.params.user_id, call.ok]), [[carl.id, true]]);
    const [edit] = await world.callsOf('editMessageText', since);
    assert.equal(edit.params.message_id, notice.result.message_id);
    assert.equal(edit.params.text, `${mention(DANA)} approved the join request of ${mention(carl)}.`);
    assert.equal((await e.getMember(CHAT, carl.id)).status, 'member');
    // The approval is a join like any other.
    await world.settle();
    assert.deepEqual(await world.replies(since), ['Hey Carl &lt;3, how are you?']);

    // A second press finds the request gone.
    const late = await world.press(DANA, notice, `joinreq|v1|a=decline&u=${carl.id}`);
    assert.equal(late.text, 'This request was already handled or has expired.');
  });

  test('Decline and Ban buttons', async () => {
    const dora = await newcomer('Dora');
    const ezra = await newcomer('Ezra');
    let since = await world.lastCallSeq();
    await handledAll(await e.joinRequest({ chat_id: CHAT, user_id: dora.id }));
    await handledAll(await e.joinRequest({ chat_id: CHAT, user_id: ezra.id }));
    const [doraNotice, ezraNotice] = await world.sentMessages(since);

    since = await world.lastCallSeq();
    assert.equal((await world.press(DANA, doraNotice, `joinreq|v1|a=decline&u=${dora.id}`)).text, 'Declined.');
    assert.deepEqual((await world.callsOf('declineChatJoinRequest', since)).map((call) => call.params.user_id), [dora.id]);
    assert.equal((await e.getMember(CHAT, dora.id)).status, 'left');

    since = await world.lastCallSeq();
    assert.equal((await world.press(DANA, ezraNotice, `joinreq|v1|a=ban&u=${ezra.id}`)).text, 'Banned.');
    const bans = await world.callsOf('banChatMember', since);
    assert.deepEqual(bans.map((call) => [call.params.user_id, call.ok]), [[ezra.id, true]]);
    assert.equal((await e.getMember(CHAT, ezra.id)).status, 'kicked');
    const [edit] = await world.callsOf('editMessageText', since);
    assert.equal(edit.params.text, `${mention(DANA)} banned ${mention(ezra)} and declined the join request.`);
  });

  test('join button for another user', async () => {
    const gus = await newcomer('Gus');
    const hal = await newcomer('Hal');
    let since = await world.lastCallSeq();
    await handledAll(await e.joinRequest({ chat_id: CHAT, user_id: gus.id }));
    await handledAll(await e.joinRequest({ chat_id: CHAT, user_id: hal.id }));
    const [gusNotice, halNotice] = await world.sentMessages(since);

    since = await world.lastCallSeq();
    for (const forged of [`joinreq|v1|a=accept&u=1`, `joinreq|v1|a=decline&u=${hal.id}`]) {
      const answer = await world.press(DANA, gusNotice, forged);
      assert.equal(answer.text, 'This button is not for the join request this message is about.');
      assert.equal(answer.show_alert, true);
    }
    assert.deepEqual(await world.callsOf('approveChatJoinRequest', since), []);
    assert.deepEqual(await world.callsOf('declineChatJoinRequest', since), []);
    assert.deepEqual(await world.callsOf('editMessageText', since), []);

    // The real buttons still work.
    assert.equal((await world.press(DANA, gusNotice, `joinreq|v1|a=accept&u=${gus.id}`)).text, 'Approved.');
    assert.equal((await world.press(DANA, halNotice, `joinreq|v1|a=decline&u=${hal.id}`)).text, 'Declined.');
  });

  test('ban outcome names the request state', async () => {
    const ida = await newcomer('Ida');
    const jon = await newcomer('Jon');
    let since = await world.lastCallSeq();
    await handledAll(await e.joinRequest({ chat_id: CHAT, user_id: ida.id }));
    await handledAll(await e.joinRequest({ chat_id: CHAT, user_id: jon.id }));
    const [idaNotice, jonNotice] = await world.sentMessages(since);

    // Ban after Approve: the ban works, but there is no request left to decline.
    assert.equal((await world.press(DANA, idaNotice, `joinreq|v1|a=accept&u=${ida.id}`)).text, 'Approved.');
    since = await world.lastCallSeq();
    assert.equal((await world.press(DANA, idaNotice, `joinreq|v1|a=ban&u=${ida.id}`)).text, 'Banned.');
    assert.equal((await e.getMember(CHAT, ida.id)).status, 'kicked');
    let [edit] = await world.callsOf('editMessageText', since);
    assert.equal(edit.params.text, `${mention(DANA)} banned ${mention(ida)}. There was no pending join request left to decline.`);

    // Telegram rejects the decline, and the edited notice reports that.
    await e.fault({ method: 'declineChatJoinRequest', error_code: 400, description: 'Bad Request: try later', count: 1 });
    since = await world.lastCallSeq();
    assert.equal((await world.press(DANA, jonNotice, `joinreq|v1|a=ban&u=${jon.id}`)).text, 'Banned.');
    [edit] = await world.callsOf('editMessageText', since);
    assert.equal(edit.params.text,
      `${mention(DANA)} banned ${mention(jon)}, but the join request could not be declined: Bad Request: try later`);
  });

  test('autoapprove approves join requests without a notice', async () => {
    assert.deepEqual(await command(DANA, '/autoapprove'), ['Approving join requests automatically: <b>off</b>.']);
    assert.deepEqual(await command(DANA, '/autoapprove on'), ['From now on I approve join requests as soon as they arrive.']);
    const finn = await newcomer('Finn');
    const since = await world.lastCallSeq();
    await handledAll(await e.joinRequest({ chat_id: CHAT, user_id: finn.id }));
    await world.settle();
    const approvals = await world.callsOf('approveChatJoinRequest', since);
    assert.deepEqual(approvals.map((call) => [call.params.user_id, call.ok]), [[finn.id, true]]);
    assert.equal((await e.getMember(CHAT, finn.id)).status, 'member');
    assert.deepEqual(await world.replies(since), ['Hey Finn, how are you?']);
    assert.deepEqual(await command(DANA, '/autoapprove off'), [
      'Join requests are no longer approved automatically; I post each one for the admins.',
    ]);
  });
});
