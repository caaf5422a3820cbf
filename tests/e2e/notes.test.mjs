// Notes end to end, against the real warden binary and the telegram emulator: save/addnote,
// get, #name, notes/saved, clear/rmnote, privnote/privatenotes, clearall, and the deep links
// that deliver notes in a private chat.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BOT, CHAT, DANA, EVE, MALLORY, MOD, OTHER_CHAT, World, buttonsOf } from './harness.mjs';

// Someone who is in neither group.
const OUTSIDER = { id: 8123456789, first_name: 'Olga', username: 'olga_example' };

const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const EVE_HTML = escapeHtml(EVE.first_name);
const DEEP_LINK = new RegExp(`^https://t\\.me/${BOT.username}\\?start=([A-Za-z0-9_-]{1,64})$`);

const keyboardOf = (call) => (call.params.reply_markup ? call.params.reply_markup.inline_keyboard : []);

describe('notes', () => {
  let world;
  let e;

  // Sends `text` as `user` in `chat`. Returns the command's update and the bot's successful
  // sendMessage calls in that chat after it.
  async function exchange(user, text, chat = CHAT, extra = {}) {
    const since = await world.lastCallSeq();
    const command = await world.sayIn(chat, user, text, extra);
    return { command, sent: await world.sentMessages(since, chat), since };
  }

  // Like exchange() but expects exactly one reply and returns its text.
  async function replyTo(user, text, chat = CHAT) {
    const { sent } = await exchange(user, text, chat);
    assert.equal(sent.length, 1, `replies to ${JSON.stringify(text)}: ${JSON.stringify(sent.map((c) => c.params.text))}`);
    return sent[0].params.text;
  }

  // Opens a t.me deep link as `user` (what tapping a URL button does) and waits for the bot.
  async function openLink(user, url) {
    let opened;
    try {
      opened = await e.control('POST', 'open_link', { body: { user_id: user.id, url } });
    } catch (error) {
      if (error.status !== 404) throw error;
      // An emulator without link support: type what the app would send.
      const payload = new URL(url).searchParams.get('start');
      opened = await e.send({ chat_id: user.id, from: user.id, text: `/start ${payload}` });
    }
    await world.handled(opened.update_id);
  }

  before(async () => {
    world = await World.start();
    e = world.emulator;
    await e.createUser(OUTSIDER);
  });
  after(async () => { await world.close(); });

  test('buttons survive noformat and resaving', async () => {
    const source = [
      'Read the *rules* and _be kind_.',
      '[Rules](buttonurl://https://example.org/rules)',
      '[Chat](buttonurl://https://example.org/chat:same)',
      '[Bad](buttonurl://javascript:alert)',
    ].join('\n');
    const saved = await replyTo(DANA, `/save Links ${source}`);
    const lines = saved.split('\n');
    assert.equal(lines[0], 'Saved the note <b>Links</b>. Get it with <code>#Links</code> or <code>/get Links</code>.');
    assert.equal(lines.length, 2);
    assert.match(lines[1], /^The button <b>Bad<\/b> \(<code>javascript:alert<\/code>\) was left out: /);

    const { sent: [shown], command } = await exchange(EVE, '/get links');
    assert.equal(shown.params.text, 'Read the <b>rules</b> and <i>be kind</i>.');
    assert.equal(shown.params.reply_parameters.message_id, command.message.message_id);
    const keyboard = [[
      { text: 'Rules', url: 'https://example.org/rules' },
      { text: 'Chat', url: 'https://example.org/chat' },
    ]];
    assert.deepEqual(keyboardOf(shown), keyboard);

    const { sent: [raw] } = await exchange(DANA, '/get links noformat');
    assert.equal(raw.params.text, escapeHtml(source));
    assert.deepEqual(keyboardOf(raw), []);
    // The admin copies the text Telegram shows and saves it under another name.
    assert.equal(raw.result.text, source);
    const again = await replyTo(DANA, `/addnote links2 ${raw.result.text}`);
    assert.match(again, /^Saved the note <b>links2<\/b>\./);
    const { sent: [copy] } = await exchange(EVE, '#links2');
    assert.equal(copy.params.text, shown.params.text);
    assert.deepEqual(keyboardOf(copy), keyboard);
    const { sent: [copyRaw] } = await exchange(DANA, '#links2 noformat');
    assert.equal(copyRaw.params.text, raw.params.text);

    // Saving by replying to the bot's message keeps its formatting and its URL buttons.
    await exchange(DANA, '/save links3', CHAT, { reply_to_message_id: shown.result.message_id });
    const { sent: [fromReply] } = await exchange(EVE, '#links3');
    assert.equal(fromReply.params.text, shown.params.text);
    assert.deepEqual(keyboardOf(fromReply), keyboard);
  });

  test('long note splits at lines', async () => {
    const lines = [];
    for (let i = 1; i <= 100; i++) lines.push(`*Line ${String(i).padStart(3, '0')}* ${'x'.repeat(39)}`);
    assert.ok(lines.join('\n').length >= 5000);
    await replyTo(DANA, `/save long ${lines.join('\n')}`);
    const { sent } = await exchange(MALLORY, '/get long');
    assert.equal(sent.length, 2);
    const expected = lines.map((line) => line.replace(/^\*(.*?)\* /, '<b>$1</b> '));
    const parts = sent.map((call) => call.params.text.split('\n').filter((line) => line !== ''));
    assert.deepEqual(parts.flat(), expected);
    for (const part of parts) {
      for (const line of part) assert.match(line, /^<b>Line \d{3}<\/b> x{39}$/);
    }
    assert.ok(sent[0].result.text.length <= 4096);
    assert.ok(sent[0].result.text.length > 3000);
    // Only the first part replies to the command.
    assert.ok(sent[0].params.reply_parameters);
    assert.equal(sent[1].params.reply_parameters, undefined);
  });

  test('Cyrillic private note via deep link', async () => {
    const saved = await replyTo(DANA, '/save правила {private}\nBe *kind*, {first}.');
    assert.equal(saved, 'Saved the note <b>правила</b>. Get it with <code>#правила</code> or <code>/get правила</code>.');
    const { sent: [prompt] } = await exchange(EVE, '#ПРАВИЛА');
    assert.equal(prompt.params.text, 'The note <b>правила</b> is sent in a private chat. Tap the button to read it.');
    const [button] = buttonsOf(prompt);
    assert.equal(button.text, 'Open note');
    assert.match(button.url, DEEP_LINK);

    const since = await world.lastCallSeq();
    await openLink(EVE, button.url);
    const [note] = await world.sentMessages(since, EVE.id);
    assert.equal(note.params.text, `Be <b>kind</b>, ${EVE_HTML}.`);

    // Someone outside the group gets nothing from the same link.
    const rejectedSince = await world.lastCallSeq();
    await openLink(OUTSIDER, button.url);
    const rejected = await world.sentMessages(rejectedSince, OUTSIDER.id);
    assert.deepEqual(rejected.map((call) => call.params.text), ['Only members of that chat can read its notes.']);
  });

  test('long name deep link and limit', async () => {
    const name = 'заметка'.repeat(9);  // 63 characters, 126 bytes
    await replyTo(DANA, `/save ${name} {private} The long one.`);
    const { sent: [prompt] } = await exchange(MALLORY, `/get ${name.toUpperCase()}`);
    const [button] = buttonsOf(prompt);
    assert.match(button.url, DEEP_LINK);
    const since = await world.lastCallSeq();
    await openLink(MALLORY, button.url);
    const [note] = await world.sentMessages(since, MALLORY.id);
    assert.equal(note.params.text, 'The long one.');

    const tooLong = await replyTo(DANA, `/save ${'n'.repeat(65)} text`);
    assert.equal(tooLong, 'Note names can be at most 64 characters long. Choose a shorter name.');
  });

  test('names ignore letter case', async () => {
    await replyTo(DANA, '/save Hello Hello there, {first}!');
    assert.equal(await replyTo(EVE, '#HELLO'), `Hello there, ${EVE_HTML}!`);
    assert.equal(await replyTo(EVE, '/get hello'), `Hello there, ${EVE_HTML}!`);
    assert.equal(await replyTo(DANA, '/clear HeLLo'), 'Deleted the note <b>HeLLo</b>.');
    assert.equal(await replyTo(EVE, '/get hello'),
      'There is no note named <b>hello</b> in this chat. Send /notes to see the list.');

    await replyTo(DANA, '/save Привет Добро пожаловать');
    assert.equal(await replyTo(EVE, '/get привет'), 'Добро пожаловать');
    assert.equal(await replyTo(EVE, '#ПРИВЕТ'), 'Добро пожаловать');
    assert.equal(await replyTo(DANA, '/rmnote #привет'), 'Deleted the note <b>привет</b>.');
    assert.equal((await exchange(EVE, '#привет')).sent.length, 0);
  });

  test('photo note with formatted caption', async () => {
    const photo = await world.say(MALLORY, undefined, {
      photo: 'AgACAgIAAxkBAAIcatPhoto01',
      caption: 'A bold cat',
      caption_entities: [{ type: 'bold', offset: 2, length: 4 }],
    });
    const fileId = photo.message.photo.at(-1).file_id;
    const { sent: [saved] } = await exchange(DANA, '/save cat', CHAT, { reply_to_message_id: photo.message.message_id });
    assert.equal(saved.params.text, 'Saved the note <b>cat</b>. Get it with <code>#cat</code> or <code>/get cat</code>.');
    const since = await world.lastCallSeq();
    await world.say(EVE, '#cat');
    const photos = await world.callsOf('sendPhoto', since);
    assert.equal(photos.length, 1);
    assert.equal(photos[0].ok, true);
    assert.equal(photos[0].params.photo, fileId);
    assert.equal(photos[0].params.caption, 'A <b>bold</b> cat');
    assert.equal((await world.sentMessages(since)).length, 0);

    const caption = `${'word '.repeat(250)}end`;
    const big = await world.say(MALLORY, undefined, { photo: 'AgACAgIAAxkBAAIcatPhoto02', caption });
    await world.say(DANA, '/save bigcat', { reply_to_message_id: big.message.message_id });
    const bigSince = await world.lastCallSeq();
    await world.say(EVE, '/get bigcat');
    const bigPhotos = await world.callsOf('sendPhoto', bigSince);
    assert.equal(bigPhotos.length, 1);
    assert.equal(bigPhotos[0].params.photo, big.message.photo.at(-1).file_id);
    assert.equal(bigPhotos[0].params.caption, undefined);
    const texts = await world.replies(bigSince);
    assert.deepEqual(texts, [caption]);
    assert.ok(bigPhotos[0].seq < (await world.sentMessages(bigSince))[0].seq);
  });

  test('admin-only notes, refusals, listing', async () => {
    await replyTo(DANA, '/save staff {admin} Staff only.');
    assert.equal(await replyTo(EVE, '/get staff'), 'The note <b>staff</b> is for admins only.');
    assert.equal(await replyTo(EVE, '#staff'), 'The note <b>staff</b> is for admins only.');
    assert.equal(await replyTo(MOD, '/get staff'), 'Staff only.');

    assert.equal(await replyTo(EVE, '/save mine text'), 'Only admins of this chat can use this command.');
    assert.equal(await replyTo(EVE, '/clear staff'), 'Only admins of this chat can use this command.');
    assert.equal(await replyTo(EVE, '/privnote on'), 'Only admins of this chat can use this command.');
    assert.equal(await replyTo(MOD, '/save mine text'), 'You need the <code>can_change_info</code> admin right to do this.');
    assert.equal(await replyTo(EVE, '/get staff noformat'), 'The note <b>staff</b> is for admins only.');
    assert.equal(await replyTo(EVE, '/get links noformat'), 'Only admins can see a note\'s source with <code>noformat</code>.');

    const memberList = await replyTo(EVE, '/notes');
    const adminList = await replyTo(DANA, '/saved');
    assert.ok(!memberList.includes('#staff'));
    assert.ok(adminList.includes(' - <code>#staff</code>'));
    const lines = adminList.split('\n');
    assert.equal(lines[0], 'Notes in this chat:');
    assert.ok(lines.includes(' - <code>#Links</code>'));
    assert.ok(lines.includes(' - <code>#правила</code>'));
    assert.equal(lines.at(-1), 'Get a note with <code>#notename</code> or <code>/get notename</code>.');

    assert.equal(await replyTo(DANA, '/save'), 'Give the note a name and some content: <code>/save NAME TEXT</code>, or reply to a message with <code>/save NAME</code>.');
    assert.match(await replyTo(DANA, '/save empty'), /^There is nothing to save\./);
    const { command } = await exchange(EVE, 'some message');
    const { sent } = await exchange(DANA, '/save', CHAT, { reply_to_message_id: command.message.message_id });
    assert.equal(sent[0].params.text, 'Give the note a name: reply with <code>/save NAME</code>.');
    assert.equal(await replyTo(DANA, '/clear nothing'), 'There is no note named <b>nothing</b> in this chat. Send /notes to see the list.');
    assert.equal((await exchange(EVE, '#nothing here')).sent.length, 0);
  });

  test('anonymous admin counts as admin', async () => {
    const since = await world.lastCallSeq();
    const sent = await e.send({ chat_id: CHAT, sender_chat_id: CHAT, text: '/get staff noformat' });
    await world.handled(sent.update_id);
    const tagged = await e.send({ chat_id: CHAT, sender_chat_id: CHAT, text: '#staff' });
    await world.handled(tagged.update_id);
    assert.deepEqual(await world.replies(since), ['{admin} Staff only.', 'Staff only.']);
  });

  test('reply target and edited messages', async () => {
    await replyTo(DANA, '/save faq Read the FAQ.');
    const { command: question } = await exchange(EVE, 'how does this work?');
    const { sent: [answer] } = await exchange(MOD, '/get faq', CHAT, { reply_to_message_id: question.message.message_id });
    assert.equal(answer.params.reply_parameters.message_id, question.message.message_id);
    const { sent: [tagged] } = await exchange(MOD, '#faq', CHAT, { reply_to_message_id: question.message.message_id });
    assert.equal(tagged.params.reply_parameters.message_id, question.message.message_id);

    const { command: plain } = await exchange(EVE, 'nothing to see');
    const since = await world.lastCallSeq();
    const edited = await e.edit({ chat_id: CHAT, message_id: plain.message.message_id, text: '#faq' });
    await world.handled(edited.update_id);
    assert.deepEqual(await world.replies(since), []);
  });

  test('note flags', async () => {
    const saved = await replyTo(DANA, '/save both {private}{noprivate} Where am I?');
    assert.equal(saved.split('\n')[1], 'The note has both <code>{private}</code> and <code>{noprivate}</code>, so neither applies: the chat\'s /privnote setting decides where it is sent.');
    assert.equal(await replyTo(EVE, '#both'), 'Where am I?');

    await replyTo(DANA, '/save flagged {protect} {nonotif} {preview} See https://example.org');
    const { sent: [flagged] } = await exchange(EVE, '#flagged');
    assert.equal(flagged.params.text, 'See https://example.org');
    assert.equal(flagged.params.protect_content, true);
    assert.equal(flagged.params.disable_notification, true);
    assert.equal(flagged.params.link_preview_options.is_disabled, false);
  });

  test('overwrite asks Yes or No', async () => {
    await replyTo(DANA, '/save dup first version');
    const { sent: [question] } = await exchange(DANA, '/save dup second version');
    assert.equal(question.params.text, 'A note named <b>dup</b> already exists. Replace it?');
    const [yes, no] = buttonsOf(question);
    assert.deepEqual([yes.text, no.text], ['Yes', 'No']);
    assert.ok(Buffer.byteLength(yes.callback_data) <= 64);

    for (const user of [EVE, MOD]) {
      const rejected = await world.press(user, question, yes.callback_data);
      assert.equal(rejected.text, 'This button has expired or belongs to another admin.');
      assert.equal(rejected.show_alert, true);
    }
    const since = await world.lastCallSeq();
    await world.press(DANA, question, no.callback_data);
    const [kept] = await world.callsOf('editMessageText', since);
    assert.equal(kept.params.text, 'Kept the existing note <b>dup</b>.');
    assert.equal(await replyTo(EVE, '#dup'), 'first version');
    const late = await world.press(DANA, question, yes.callback_data);
    assert.equal(late.text, 'This button has expired or belongs to another admin.');

    const { sent: [again] } = await exchange(DANA, '/save DUP second *version*');
    const [yes2] = buttonsOf(again);
    const pressSince = await world.lastCallSeq();
    await world.press(DANA, again, yes2.callback_data);
    const [done] = await world.callsOf('editMessageText', pressSince);
    assert.equal(done.params.text, 'Saved the note <b>DUP</b>. Get it with <code>#DUP</code> or <code>/get DUP</code>.');
    assert.equal(await replyTo(EVE, '#dup'), 'second <b>version</b>');
  });

  test('privnote for the whole chat', async () => {
    assert.equal(await replyTo(DANA, '/privnote', OTHER_CHAT), 'Private notes are off: notes are sent in the group, except those with <code>{private}</code>.');
    assert.equal(await replyTo(DANA, '/notes', OTHER_CHAT), 'This chat has no notes yet.');
    await replyTo(DANA, '/save rules Be nice, {first}.', OTHER_CHAT);
    await replyTo(DANA, '/save here {noprivate} Said in the group.', OTHER_CHAT);
    await replyTo(DANA, '/save secret {admin} Admins only.', OTHER_CHAT);
    assert.equal(await replyTo(DANA, '/privatenotes on', OTHER_CHAT), 'Private notes are now on: notes are sent in a private chat, except those with <code>{noprivate}</code>.');
    assert.equal(await replyTo(DANA, '/privnote maybe', OTHER_CHAT), 'Use <code>/privnote on</code> or <code>/privnote off</code>, or /privnote alone to see the setting.');

    const { sent: [prompt] } = await exchange(EVE, '#rules', OTHER_CHAT);
    assert.equal(prompt.params.text, 'The note <b>rules</b> is sent in a private chat. Tap the button to read it.');
    assert.equal(await replyTo(EVE, '#here', OTHER_CHAT), 'Said in the group.');

    const { sent: [listPrompt] } = await exchange(EVE, '/notes', OTHER_CHAT);
    assert.equal(listPrompt.params.text, 'The notes of this chat are sent in a private chat. Tap the button to see them.');
    const [listButton] = buttonsOf(listPrompt);
    assert.match(listButton.url, DEEP_LINK);
    const since = await world.lastCallSeq();
    await openLink(EVE, listButton.url);
    const [list] = await world.sentMessages(since, EVE.id);
    const lines = list.params.text.split('\n');
    assert.equal(lines[0], `Notes in <b>Test group ${OTHER_CHAT}</b>:`);
    const links = lines.filter((line) => line.startsWith(' - '));
    assert.equal(links.length, 2);
    const match = /^ - <a href="([^"]+)">rules<\/a>$/.exec(links.find((line) => line.includes('>rules<')));
    assert.ok(match, list.params.text);

    const noteSince = await world.lastCallSeq();
    await openLink(EVE, match[1]);
    const [note] = await world.sentMessages(noteSince, EVE.id);
    assert.equal(note.params.text, `Be nice, ${EVE_HTML}.`);

    assert.equal(await replyTo(DANA, '/privnote off', OTHER_CHAT), 'Private notes are now off: notes are sent in the group, except those with <code>{private}</code>.');
    assert.equal(await replyTo(EVE, '#rules', OTHER_CHAT), `Be nice, ${EVE_HTML}.`);
  });

  test('clearall by the owner only', async () => {
    assert.equal(await replyTo(MOD, '/clearall', OTHER_CHAT), 'Only the owner of this chat can do this.');
    const { sent: [question] } = await exchange(DANA, '/clearall', OTHER_CHAT);
    assert.equal(question.params.text, 'Delete all 3 notes of this chat? This cannot be undone.');
    const [yes, no] = buttonsOf(question);
    const rejected = await world.press(MOD, question, yes.callback_data);
    assert.equal(rejected.text, 'Only the owner of this chat can do this.');

    const since = await world.lastCallSeq();
    await world.press(DANA, question, no.callback_data);
    const [cancelled] = await world.callsOf('editMessageText', since);
    assert.equal(cancelled.params.text, 'Nothing was deleted.');
    assert.equal(await replyTo(EVE, '#here', OTHER_CHAT), 'Said in the group.');

    const { sent: [again] } = await exchange(DANA, '/clearall', OTHER_CHAT);
    const doneSince = await world.lastCallSeq();
    await world.press(DANA, again, buttonsOf(again)[0].callback_data);
    const [done] = await world.callsOf('editMessageText', doneSince);
    assert.equal(done.params.text, 'Deleted 3 notes.');
    assert.equal(await replyTo(DANA, '/notes', OTHER_CHAT), 'This chat has no notes yet.');
    // The other group keeps its notes.
    assert.equal(await replyTo(EVE, '#faq'), 'Read the FAQ.');
  });

  test('long list splits into messages', async () => {
    const names = [];
    for (let i = 0; i < 70; i++) names.push(`note_${String(i).padStart(2, '0')}_${'y'.repeat(50)}`);
    for (const name of names) await replyTo(DANA, `/save ${name} text`, OTHER_CHAT);
    const { sent } = await exchange(EVE, '/notes', OTHER_CHAT);
    assert.equal(sent.length, 2);
    for (const call of sent) assert.ok(call.result.text.length <= 4096);
    const listed = sent.flatMap((call) => call.params.text.split('\n')).filter((line) => line.startsWith(' - '));
    assert.deepEqual(listed, names.map((name) => ` - <code>#${name}</code>`));
  });

  test('help page lists the commands', async () => {
    const [page] = (await exchange(MALLORY, '/help notes', MALLORY.id)).sent;
    const lines = page.params.text.split('\n');
    assert.equal(lines[0], '<b>Notes</b>');
    const commands = lines.filter((line) => line.startsWith('/')).map((line) => line.split(' - ')[0]);
    assert.deepEqual(commands, ['/save', '/get', '/notes', '/clear', '/privnote', '/clearall']);
  });

  // Sends /clearall in OTHER_CHAT and presses Yes, leaving the chat without notes.
  async function emptyOtherChat() {
    const { sent: [question] } = await exchange(DANA, '/clearall', OTHER_CHAT);
    if (!question.params.reply_markup) return;
    await world.press(DANA, question, buttonsOf(question)[0].callback_data);
    assert.equal(await replyTo(DANA, '/notes', OTHER_CHAT), 'This chat has no notes yet.');
  }

  const CLEARALL_EXPIRED = 'This question has expired or was replaced by a newer one. Send /clearall again.';

  test('clearall question expires after five minutes', async () => {
    await emptyOtherChat();
    await replyTo(DANA, '/save keep0 first', OTHER_CHAT);
    await replyTo(DANA, '/save keep1 second', OTHER_CHAT);
    // The question is sent with the emulator's clock ten minutes back, and its buttons are
    // pressed after the clock is restored.
    await e.advanceClock(-600);
    let question;
    try {
      ({ sent: [question] } = await exchange(DANA, '/clearall', OTHER_CHAT));
    } finally {
      await e.advanceClock(600);
    }
    assert.equal(question.params.text, 'Delete all 2 notes of this chat? This cannot be undone.');
    await replyTo(DANA, '/save keep2 important', OTHER_CHAT);
    const [yes, no] = buttonsOf(question);
    for (const button of [yes, no]) {
      const since = await world.lastCallSeq();
      const late = await world.press(DANA, question, button.callback_data);
      assert.equal(late.text, CLEARALL_EXPIRED);
      assert.equal(late.show_alert, true);
      assert.deepEqual(await world.callsOf('editMessageText', since), []);
    }
    assert.equal(await replyTo(EVE, '#keep2', OTHER_CHAT), 'important');
    const list = await replyTo(DANA, '/notes', OTHER_CHAT);
    assert.equal(list.split('\n').filter((line) => line.startsWith(' - ')).length, 3);
  });

  test('clearall accepts only the latest question', async () => {
    const { sent: [first] } = await exchange(DANA, '/clearall', OTHER_CHAT);
    const { sent: [second] } = await exchange(DANA, '/clearall', OTHER_CHAT);
    assert.equal(second.params.text, 'Delete all 3 notes of this chat? This cannot be undone.');
    // A non-owner's press leaves the question for the owner.
    const notOwner = await world.press(MOD, second, buttonsOf(second)[0].callback_data);
    assert.equal(notOwner.text, 'Only the owner of this chat can do this.');
    const replaced = await world.press(DANA, first, buttonsOf(first)[0].callback_data);
    assert.equal(replaced.text, CLEARALL_EXPIRED);
    assert.equal(await replyTo(EVE, '#keep0', OTHER_CHAT), 'first');

    const since = await world.lastCallSeq();
    await world.press(DANA, second, buttonsOf(second)[0].callback_data);
    const [done] = await world.callsOf('editMessageText', since);
    assert.equal(done.params.text, 'Deleted 3 notes.');
    await replyTo(DANA, '/save later saved after the answer', OTHER_CHAT);
    for (const button of buttonsOf(second)) {
      const again = await world.press(DANA, second, button.callback_data);
      assert.equal(again.text, CLEARALL_EXPIRED);
    }
    assert.equal(await replyTo(EVE, '#later', OTHER_CHAT), 'saved after the answer');
  });

  test('clearall keeps notes saved after its question', async () => {
    await emptyOtherChat();
    await replyTo(DANA, '/save old0 first', OTHER_CHAT);
    await replyTo(DANA, '/save old1 second', OTHER_CHAT);
    const { sent: [question] } = await exchange(DANA, '/clearall', OTHER_CHAT);
    assert.equal(question.params.text, 'Delete all 2 notes of this chat? This cannot be undone.');
    await replyTo(DANA, '/save fresh saved after the question', OTHER_CHAT);

    const since = await world.lastCallSeq();
    await world.press(DANA, question, buttonsOf(question)[0].callback_data);
    const [done] = await world.callsOf('editMessageText', since);
    assert.equal(done.params.text, 'Deleted 2 notes.');
    assert.equal(await replyTo(EVE, '#fresh', OTHER_CHAT), 'saved after the question');
    assert.equal(await replyTo(DANA, '/get old0', OTHER_CHAT),
      'There is no note named <b>old0</b> in this chat. Send /notes to see the list.');
  });

  test('overwrite of a deleted note saves nothing', async () => {
    await replyTo(DANA, '/save a first', OTHER_CHAT);
    const { sent: [question] } = await exchange(DANA, '/save a second', OTHER_CHAT);
    assert.equal(question.params.text, 'A note named <b>a</b> already exists. Replace it?');
    await emptyOtherChat();

    const since = await world.lastCallSeq();
    const answer = await world.press(DANA, question, buttonsOf(question)[0].callback_data);
    assert.equal(answer.text, 'That note was deleted after the question, so nothing was saved.');
    assert.equal(answer.show_alert, true);
    const [edited] = await world.callsOf('editMessageText', since);
    assert.equal(edited.params.text, 'The note <b>a</b> was deleted after the question, so nothing was saved. Send the <code>/save</code> command again to create it.');
    assert.equal((await exchange(EVE, '#a', OTHER_CHAT)).sent.length, 0);
    assert.equal(await replyTo(DANA, '/notes', OTHER_CHAT), 'This chat has no notes yet.');
    const again = await world.press(DANA, question, buttonsOf(question)[0].callback_data);
    assert.equal(again.text, 'This button has expired or belongs to another admin.');

    // The same after /clear.
    await replyTo(DANA, '/save b first', OTHER_CHAT);
    const { sent: [other] } = await exchange(DANA, '/save b second', OTHER_CHAT);
    await replyTo(DANA, '/clear b', OTHER_CHAT);
    const deleted = await world.press(DANA, other, buttonsOf(other)[0].callback_data);
    assert.equal(deleted.text, 'That note was deleted after the question, so nothing was saved.');
    assert.equal((await exchange(EVE, '#b', OTHER_CHAT)).sent.length, 0);
  });

  test('invisible note names are rejected', async () => {
    const rejection = 'That name has no visible characters, so no one could type it to get the note. Choose a name with letters, digits or symbols.';
    for (const name of ['\u200b', '\u00ad', '\u200c', '#\u200b\u200c', '"\u200b \u00ad"', '" "', '\u3000']) {
      assert.equal(await replyTo(DANA, `/save ${name} hidden text`, OTHER_CHAT), rejection, JSON.stringify(name));
    }
    assert.equal(await replyTo(DANA, '/notes', OTHER_CHAT), 'This chat has no notes yet.');
  });

  test('names with spaces suggest /get only', async () => {
    const saved = await replyTo(DANA, '/save "two words" hi', OTHER_CHAT);
    assert.equal(saved, 'Saved the note <b>two words</b>. Get it with <code>/get &quot;two words&quot;</code>: a name with spaces does not work after <code>#</code>.');
    assert.equal(await replyTo(EVE, '/get "two words"', OTHER_CHAT), 'hi');

    // The suggested command works as written, whatever quotes the name contains.
    const unescape = (html) => html.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const names = [`say "hi" now`, `it's "odd" \\ here`, `tab\there`];
    for (const [index, name] of names.entries()) {
      const quoted = `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
      const reply = await replyTo(DANA, `/save ${quoted} text ${index}`, OTHER_CHAT);
      const match = /^Saved the note <b>(.*)<\/b>\. Get it with <code>\/get (.*)<\/code>: /.exec(reply);
      assert.ok(match, reply);
      assert.equal(unescape(match[1]), name);
      assert.equal(await replyTo(EVE, `/get ${unescape(match[2])}`, OTHER_CHAT), `text ${index}`);
    }
    // A name without spaces is offered with both # and /get.
    assert.equal(await replyTo(DANA, '/save one_word hi', OTHER_CHAT), 'Saved the note <b>one_word</b>. Get it with <code>#one_word</code> or <code>/get one_word</code>.');
  });

  test('reply text replaces the caption', async () => {
    const photo = await world.sayIn(OTHER_CHAT, MALLORY, undefined, {
      photo: 'AgACAgIAAxkBAAIcatPhoto03',
      caption: 'Old caption',
    });
    const fileId = photo.message.photo.at(-1).file_id;
    await exchange(DANA, '/save pic2 New *caption*\nsecond line', OTHER_CHAT, { reply_to_message_id: photo.message.message_id });
    const since = await world.lastCallSeq();
    await world.sayIn(OTHER_CHAT, EVE, '#pic2');
    const photos = await world.callsOf('sendPhoto', since);
    assert.equal(photos.length, 1);
    assert.equal(photos[0].params.photo, fileId);
    assert.equal(photos[0].params.caption, 'New <b>caption</b>\nsecond line');

    // Replying to a text message: the typed text is the note.
    const { command: plain } = await exchange(EVE, 'the replied words', OTHER_CHAT);
    await exchange(DANA, '/save words _mine_', OTHER_CHAT, { reply_to_message_id: plain.message.message_id });
    assert.equal(await replyTo(EVE, '#words', OTHER_CHAT), '<i>mine</i>');
    // Without text, the replied message itself is the note.
    await exchange(DANA, '/save words2', OTHER_CHAT, { reply_to_message_id: plain.message.message_id });
    assert.equal(await replyTo(EVE, '#words2', OTHER_CHAT), 'the replied words');
  });

  test('content rendering to nothing is rejected', async () => {
    const reply = await replyTo(DANA, '/save sep %%%', OTHER_CHAT);
    assert.doesNotMatch(reply, /^Saved/);
    assert.equal((await exchange(EVE, '#sep', OTHER_CHAT)).sent.length, 0);
  });
});
