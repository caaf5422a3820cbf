import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { detectEntities, parseHtml, parseMarkdownV2 } from '../lib/text.mjs';
import { callBot, callBotOk, setupGroup, startEmulator } from './helpers.mjs';

function parseError(parse, source) {
  try {
    parse(source);
  } catch (error) {
    return error.description;
  }
  return null;
}

describe('HTML parse mode', () => {
  test('offsets count UTF-16 code units', () => {
    const { text, entities } = parseHtml('😀 <b>bold</b> 𝕏 <i>it</i>');
    assert.equal(text, '😀 bold 𝕏 it');
    assert.deepEqual(entities, [
      { type: 'bold', offset: 3, length: 4 },
      { type: 'italic', offset: 11, length: 2 },
    ]);
  });

  test('tag aliases and nesting', () => {
    const { text, entities } = parseHtml('<strong>a<em>b</em></strong><ins>c</ins><del>d</del><tg-spoiler>e</tg-spoiler><span class="tg-spoiler">f</span>');
    assert.equal(text, 'abcdef');
    assert.deepEqual(entities, [
      { type: 'bold', offset: 0, length: 2 },
      { type: 'italic', offset: 1, length: 1 },
      { type: 'underline', offset: 2, length: 1 },
      { type: 'strikethrough', offset: 3, length: 1 },
      { type: 'spoiler', offset: 4, length: 1 },
      { type: 'spoiler', offset: 5, length: 1 },
    ]);
  });

  test('HTML entities are decoded', () => {
    const { text } = parseHtml('&lt;b&gt; &amp; &quot;x&quot; &#65;&#x42; &unknown;');
    assert.equal(text, '<b> & "x" AB &unknown;');
  });

  test('links, mentions, code blocks and quotes', () => {
    const resolveUser = (id) => (id === 42 ? { id: 42, is_bot: false, first_name: 'Ann' } : null);
    const source = '<a href="https://example.org">site</a> <a href="tg://user?id=42">Ann</a> ' +
      '<pre><code class="language-python">x = 1</code></pre><code>y</code><blockquote expandable>q</blockquote>' +
      '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>';
    const { text, entities } = parseHtml(source, { resolveUser });
    assert.equal(text, 'site Ann x = 1yq👍');
    assert.deepEqual(entities, [
      { type: 'text_link', offset: 0, length: 4, url: 'https://example.org/' },
      { type: 'text_mention', offset: 5, length: 3, user: { id: 42, is_bot: false, first_name: 'Ann' } },
      { type: 'pre', offset: 9, length: 5, language: 'python' },
      { type: 'code', offset: 14, length: 1 },
      { type: 'expandable_blockquote', offset: 15, length: 1 },
      { type: 'custom_emoji', offset: 16, length: 2, custom_emoji_id: '5368324170671202286' },
    ]);
  });

  test('error texts', () => {
    const prefix = "Bad Request: can't parse entities: ";
    assert.equal(parseError(parseHtml, 'é <x>a</x>'), `${prefix}Unsupported start tag "x" at byte offset 3`);
    assert.equal(parseError(parseHtml, '<b>a'), `${prefix}Can't find end tag corresponding to start tag "b"`);
    assert.equal(parseError(parseHtml, '<b>a</i>'), `${prefix}Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`);
    assert.equal(parseError(parseHtml, 'a</b>'), `${prefix}Unexpected end tag at byte offset 1`);
    assert.equal(parseError(parseHtml, '<span class="x">a</span>'), `${prefix}Tag "span" must have class "tg-spoiler" at byte offset 0`);
    assert.equal(parseError(parseHtml, '<b'), `${prefix}Unclosed start tag at byte offset 0`);
  });
});

describe('MarkdownV2 parse mode', () => {
  test('common entities', () => {
    const { text, entities } = parseMarkdownV2('*b* _i_ __u__ ~s~ ||p|| [l](https://e.org) `c` \\. ```js\nx```');
    assert.equal(text, 'b i u s p l c . x');
    assert.deepEqual(entities.map((entity) => entity.type), [
      'bold', 'italic', 'underline', 'strikethrough', 'spoiler', 'text_link', 'code', 'pre',
    ]);
    assert.equal(entities.find((entity) => entity.type === 'pre').language, 'js');
  });

  test('reserved character error', () => {
    assert.equal(parseError(parseMarkdownV2, 'Hello.'),
      "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'");
  });

  test('unclosed entity error', () => {
    assert.equal(parseError(parseMarkdownV2, 'a *bold'), "Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 2");
  });
});

describe('detected entities', () => {
  test('bot commands with and without bot username', () => {
    const text = '/ban@example_guard_bot 7d spam and /start';
    assert.deepEqual(detectEntities(text), [
      { type: 'bot_command', offset: 0, length: 22 },
      { type: 'bot_command', offset: 35, length: 6 },
    ]);
  });

  test('mentions, hashtags and URLs after emoji', () => {
    const text = '👨‍👩‍👧 @alice_example https://example.org/rules. #важно';
    const entities = detectEntities(text);
    assert.deepEqual(entities, [
      { type: 'mention', offset: 9, length: 14 },
      { type: 'url', offset: 24, length: 25 },
      { type: 'hashtag', offset: 51, length: 6 },
    ]);
  });
});

describe('sendMessage text rules', () => {
  let emulator;
  let chatId;

  before(async () => {
    emulator = await startEmulator();
  });

  after(async () => {
    await emulator.stop();
  });

  beforeEach(async () => {
    await emulator.reset();
    chatId = (await setupGroup(emulator)).chat.id;
  });

  test('HTML message keeps UTF-16 offsets', async () => {
    const message = await callBotOk(emulator, 'sendMessage', { chat_id: chatId, text: '🎉 <b>Welcome</b>, <i>friend</i>!', parse_mode: 'HTML' });
    assert.equal(message.text, '🎉 Welcome, friend!');
    assert.deepEqual(message.entities, [
      { type: 'bold', offset: 3, length: 7 },
      { type: 'italic', offset: 12, length: 6 },
    ]);
  });

  test('bad HTML is rejected', async () => {
    const body = await callBot(emulator, 'sendMessage', { chat_id: chatId, text: '<blink>x</blink>', parse_mode: 'HTML' });
    assert.equal(body.error_code, 400);
    assert.equal(body.description, 'Bad Request: can\'t parse entities: Unsupported start tag "blink" at byte offset 0');
  });

  test('empty text is rejected', async () => {
    const empty = await callBot(emulator, 'sendMessage', { chat_id: chatId, text: '' });
    assert.equal(empty.description, 'Bad Request: message text is empty');
    const onlyTags = await callBot(emulator, 'sendMessage', { chat_id: chatId, text: '<b> </b>', parse_mode: 'HTML' });
    assert.equal(onlyTags.description, 'Bad Request: text must be non-empty', 'Telegram words an empty result of parsing so');
  });

  test('length is counted after parsing', async () => {
    const fits = await callBot(emulator, 'sendMessage', { chat_id: chatId, text: `<b>${'a'.repeat(4096)}</b>`, parse_mode: 'HTML' });
    assert.equal(fits.ok, true);
    const tooLong = await callBot(emulator, 'sendMessage', { chat_id: chatId, text: 'a'.repeat(4097) });
    assert.equal(tooLong.description, 'Bad Request: message is too long');
    const emoji = await callBot(emulator, 'sendMessage', { chat_id: chatId, text: '😀'.repeat(2049) });
    assert.equal(emoji.description, 'Bad Request: message is too long', 'emoji count as two UTF-16 code units');
  });

  test('callback_data longer than 64 bytes is rejected', async () => {
    const markup = (data) => ({ inline_keyboard: [[{ text: 'Go', callback_data: data }]] });
    const ok = await callBot(emulator, 'sendMessage', { chat_id: chatId, text: 'x', reply_markup: markup('a'.repeat(64)) });
    assert.equal(ok.ok, true);
    const tooLong = await callBot(emulator, 'sendMessage', { chat_id: chatId, text: 'x', reply_markup: markup('a'.repeat(65)) });
    assert.equal(tooLong.description, 'Bad Request: BUTTON_DATA_INVALID');
    const multiByte = await callBot(emulator, 'sendMessage', { chat_id: chatId, text: 'x', reply_markup: markup('я'.repeat(33)) });
    assert.equal(multiByte.description, 'Bad Request: BUTTON_DATA_INVALID', 'the limit is in UTF-8 bytes');
  });

  test('reply to a missing message', async () => {
    const missing = await callBot(emulator, 'sendMessage', { chat_id: chatId, text: 'x', reply_parameters: { message_id: 999 } });
    assert.equal(missing.description, 'Bad Request: message to be replied not found');
    const allowed = await callBot(emulator, 'sendMessage', {
      chat_id: chatId, text: 'x', reply_to_message_id: 999, allow_sending_without_reply: true,
    });
    assert.equal(allowed.ok, true);
    assert.equal(allowed.result.reply_to_message, undefined);
  });

  test('editMessageText not modified', async () => {
    const sent = await callBotOk(emulator, 'sendMessage', { chat_id: chatId, text: 'same' });
    const body = await callBot(emulator, 'editMessageText', { chat_id: chatId, message_id: sent.message_id, text: 'same' });
    assert.equal(body.description,
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
    const edited = await callBotOk(emulator, 'editMessageText', { chat_id: chatId, message_id: sent.message_id, text: '<b>new</b>', parse_mode: 'HTML' });
    assert.equal(edited.text, 'new');
    assert.ok(edited.edit_date >= sent.date);
    const missing = await callBot(emulator, 'editMessageText', { chat_id: chatId, message_id: 12345, text: 'x' });
    assert.equal(missing.description, 'Bad Request: message to edit not found');
  });
});
