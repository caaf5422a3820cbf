// Inline keyboard validation: the Bot API's parsing errors, Telegram's checks of button texts and
// URLs, and callback data limits.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { checkLink } from '../lib/links.mjs';
import { callBot, setupGroup, startEmulator } from './helpers.mjs';

describe('URL checks', () => {
  test('accepted URLs are normalised', () => {
    assert.deepEqual(checkLink('https://Example.ORG'), { url: 'https://example.org/' });
    assert.deepEqual(checkLink('example.org/path?q=1'), { url: 'http://example.org/path?q=1' });
    assert.deepEqual(checkLink('https://t.me/warden_test_bot?start=abc'), { url: 'https://t.me/warden_test_bot?start=abc' });
    assert.deepEqual(checkLink('tg://resolve?domain=warden_test_bot'), { url: 'tg://resolve?domain=warden_test_bot' });
  });

  test('rejected URLs give the reason', () => {
    assert.deepEqual(checkLink('localhost'), { error: 'Wrong HTTP URL' });
    assert.deepEqual(checkLink('ftp://example.org'), { error: 'Unsupported URL protocol' });
    assert.deepEqual(checkLink('https://'), { error: 'URL host is empty' });
    assert.deepEqual(checkLink('https://exa mple.org'), { error: 'Disallowed character in URL host' });
    assert.deepEqual(checkLink('https://example.org:99999'), { error: 'Wrong port number specified in the URL' });
    assert.deepEqual(checkLink('tg://'), { error: 'URL host is empty' });
    assert.deepEqual(checkLink('tg://http://x'), { error: 'Wrong tg URL' });
  });
});

describe('inline keyboards', () => {
  let emulator;
  let chatId;
  before(async () => {
    emulator = await startEmulator();
    chatId = (await setupGroup(emulator)).chat.id;
  });
  after(async () => { await emulator.stop(); });

  const sendWith = (inlineKeyboard) => callBot(emulator, 'sendMessage', {
    chat_id: chatId, text: 'menu', reply_markup: JSON.stringify({ inline_keyboard: inlineKeyboard }),
  });

  test('valid buttons are stored with normalised URLs', async () => {
    const body = await sendWith([
      [{ text: 'Site', url: 'https://Example.org' }, { text: 'Vote', callback_data: 'vote:1' }],
      [{ text: 'Start', url: 'https://t.me/example_guard_bot?start=rules' }, { text: 'User', url: 'tg://user?id=42' }],
    ]);
    assert.equal(body.ok, true);
    assert.deepEqual(body.result.reply_markup.inline_keyboard, [
      [{ text: 'Site', url: 'https://example.org/' }, { text: 'Vote', callback_data: 'vote:1' }],
      [{ text: 'Start', url: 'https://t.me/example_guard_bot?start=rules' }, { text: 'User', url: 'tg://user?id=42' }],
    ]);
  });

  test('invalid URLs are rejected', async () => {
    assert.equal((await sendWith([[{ text: 'Bad', url: 'notaurl' }]])).description,
      "Bad Request: inline keyboard button URL 'notaurl' is invalid: Wrong HTTP URL");
    assert.equal((await sendWith([[{ text: 'Bad', url: 'ftp://example.org/file' }]])).description,
      "Bad Request: inline keyboard button URL 'ftp://example.org/file' is invalid: Unsupported URL protocol");
    assert.equal((await sendWith([[{ text: 'Bad', url: 'https://' }]])).description,
      "Bad Request: inline keyboard button URL 'https://' is invalid: URL host is empty");
  });

  test('button texts', async () => {
    assert.equal((await sendWith([[{ text: '', callback_data: 'x' }]])).description, 'Bad Request: inline keyboard button text must be non-empty');
    assert.equal((await sendWith([[{ callback_data: 'x' }]])).description,
      'Bad Request: can\'t parse inline keyboard button: Can\'t find field "text"');
    assert.equal((await sendWith([[{ text: { label: 'x' }, callback_data: 'x' }]])).description,
      'Bad Request: can\'t parse inline keyboard button: Field "text" must be of type String');
  });

  test('a button needs an action', async () => {
    assert.equal((await sendWith([[{ text: 'Plain' }]])).description,
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
    assert.equal((await sendWith([[{ text: 'Empty data', callback_data: '' }]])).description,
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
    assert.equal((await sendWith([['just text']])).description,
      "Bad Request: can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  });

  test('callback_data is limited to 64 bytes', async () => {
    assert.equal((await sendWith([[{ text: 'ok', callback_data: 'd'.repeat(64) }]])).ok, true);
    assert.equal((await sendWith([[{ text: 'long', callback_data: 'd'.repeat(65) }]])).description, 'Bad Request: BUTTON_DATA_INVALID');
    assert.equal((await sendWith([[{ text: 'long', callback_data: 'ж'.repeat(33) }]])).description, 'Bad Request: BUTTON_DATA_INVALID');
  });

  test('shape errors', async () => {
    const send = (markup) => callBot(emulator, 'sendMessage', { chat_id: chatId, text: 'menu', reply_markup: markup });
    assert.equal((await send({ inline_keyboard: [{ text: 'x' }] })).description,
      'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
    assert.equal((await send('{not json')).description, "Bad Request: can't parse reply keyboard markup JSON object");
    const empty = await send({ inline_keyboard: [] });
    assert.equal(empty.ok, true);
    assert.equal(empty.result.reply_markup, undefined);
  });

  test('editMessageReplyMarkup checks the same way', async () => {
    const sent = await sendWith([[{ text: 'a', callback_data: 'a' }]]);
    const body = await callBot(emulator, 'editMessageReplyMarkup', {
      chat_id: chatId, message_id: sent.result.message_id, reply_markup: { inline_keyboard: [[{ text: 'b', url: 'bad' }]] },
    });
    assert.equal(body.description, "Bad Request: inline keyboard button URL 'bad' is invalid: Wrong HTTP URL");
  });
});
