// Parse modes, explicit entities and text limits through the Bot API, with Telegram's error texts.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { parseHtml, parseMarkdownV2 } from '../lib/text.mjs';
import { callBot, callBotOk, setupGroup, startEmulator } from './helpers.mjs';

const PARSE = "Bad Request: can't parse entities: ";

function errorOf(parse, source) {
  try {
    parse(source);
  } catch (error) {
    return error.description;
  }
  return null;
}

describe('HTML parser details', () => {
  test('tag names end only at a space or ">"', () => {
    assert.equal(errorOf(parseHtml, '<b/>x'), `${PARSE}Unsupported start tag "b/" at byte offset 0`);
    assert.equal(errorOf(parseHtml, 'a < b'), `${PARSE}Unsupported start tag "" at byte offset 2`);
    assert.equal(errorOf(parseHtml, '<foo>bar</foo>'), `${PARSE}Unsupported start tag "foo" at byte offset 0`);
    assert.equal(errorOf(parseHtml, '😀 <br>'), `${PARSE}Unsupported start tag "br" at byte offset 5`, 'byte offsets count UTF-8 bytes');
  });

  test('unclosed, unmatched and unexpected tags', () => {
    assert.equal(errorOf(parseHtml, '<b>bold'), `${PARSE}Can't find end tag corresponding to start tag "b"`);
    assert.equal(errorOf(parseHtml, '<b><i>x</i>'), `${PARSE}Can't find end tag corresponding to start tag "b"`);
    assert.equal(errorOf(parseHtml, '<b>x</i>'), `${PARSE}Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`);
    assert.equal(errorOf(parseHtml, 'x</b>'), `${PARSE}Unexpected end tag at byte offset 1`);
    assert.equal(errorOf(parseHtml, '<b>x</b'), `${PARSE}Unclosed end tag at byte offset 4`);
    assert.equal(errorOf(parseHtml, '<a href="x"'), `${PARSE}Unclosed start tag at byte offset 0`);
    assert.equal(errorOf(parseHtml, '<b '), `${PARSE}Empty attribute name in the tag "b" at byte offset 0`);
    assert.equal(errorOf(parseHtml, '<a href=x.org/y>z</a>'), `${PARSE}Unexpected end of name token at byte offset 8`);
    assert.equal(errorOf(parseHtml, '<span class="x">y</span>'), `${PARSE}Tag "span" must have class "tg-spoiler" at byte offset 0`);
    assert.equal(errorOf(parseHtml, '<tg-emoji emoji-id="abc">x</tg-emoji>'), `${PARSE}Invalid custom emoji identifier specified`);
  });

  test('an empty end tag closes the open tag', () => {
    assert.deepEqual(parseHtml('<b>x</>'), { text: 'x', entities: [{ type: 'bold', offset: 0, length: 1 }] });
  });

  test('every tag Telegram accepts', () => {
    const resolveUser = (id) => (id === 42 ? { id: 42, is_bot: false, first_name: 'Ann' } : null);
    const source = '<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike><del>d</del>' +
      '<span class="tg-spoiler">p</span><tg-spoiler>q</tg-spoiler><a href="https://example.org/x">a</a>' +
      '<a href="tg://user?id=42">m</a><code>c</code><pre>r</pre><pre><code class="language-js">j</code></pre>' +
      '<blockquote>o</blockquote><blockquote expandable>x</blockquote><tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>';
    const { text, entities } = parseHtml(source, { resolveUser });
    assert.equal(text, 'bsieunskdpqamcrjox👍');
    assert.deepEqual(entities.map((entity) => entity.type), [
      'bold', 'bold', 'italic', 'italic', 'underline', 'underline', 'strikethrough', 'strikethrough', 'strikethrough',
      'spoiler', 'spoiler', 'text_link', 'text_mention', 'code', 'pre', 'pre', 'blockquote', 'expandable_blockquote', 'custom_emoji',
    ]);
    assert.equal(entities[11].url, 'https://example.org/x');
    assert.equal(entities[12].user.id, 42);
    assert.equal(entities[14].language, undefined);
    assert.equal(entities[15].language, 'js');
    assert.equal(entities[18].custom_emoji_id, '5368324170671202286');
  });

  test('character references decode', () => {
    assert.equal(parseHtml('&lt;&gt;&amp;&quot;&#65;&#x42;&lt &copy;').text, '<>&"AB< &copy;');
    assert.equal(errorOf(parseHtml, '&#xD83D;'),
      `${PARSE}Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units`);
  });

  test('bad links dropped, empty href', () => {
    assert.deepEqual(parseHtml('<a href="nohost">x</a>').entities, []);
    assert.deepEqual(parseHtml('<a>example.com</a>').entities, [{ type: 'text_link', offset: 0, length: 11, url: 'http://example.com/' }]);
  });
});

describe('MarkdownV2 parser details', () => {
  test('reserved characters', () => {
    for (const character of '[]()>#+-={}.!|') {
      const source = character === '[' ? 'a[b' : `a${character}`;
      const expected = character === '['
        ? `${PARSE}Can't find end of TextUrl entity at byte offset 1`
        : `${PARSE}Character '${character}' is reserved and must be escaped with the preceding '\\'`;
      assert.equal(errorOf(parseMarkdownV2, source), expected);
    }
    assert.equal(parseMarkdownV2('1\\.5 \\- ok\\!').text, '1.5 - ok!');
  });

  test('unclosed entity errors', () => {
    assert.equal(errorOf(parseMarkdownV2, 'é *b'), `${PARSE}Can't find end of Bold entity at byte offset 3`);
    assert.equal(errorOf(parseMarkdownV2, '_i'), `${PARSE}Can't find end of Italic entity at byte offset 0`);
    assert.equal(errorOf(parseMarkdownV2, '```js\nx'), `${PARSE}Can't find end of PreCode entity at byte offset 0`);
    assert.equal(errorOf(parseMarkdownV2, '[a](http://x.org'), `${PARSE}Can't find end of a URL at byte offset 4`);
    assert.equal(errorOf(parseMarkdownV2, '![x]'), `${PARSE}The entity must contain a tg://emoji or tg://time URL`);
  });

  test('nesting, links, custom emoji and quotes', () => {
    const { text, entities } = parseMarkdownV2('*a _b *c* d_ e* [l](https://example.org) [t] ![👍](tg://emoji?id=5368324170671202286)\n>q1\n>q2||');
    assert.equal(text, 'a b c d e l t 👍\nq1\nq2');
    assert.deepEqual(entities, [
      { type: 'bold', offset: 0, length: 9 },
      { type: 'italic', offset: 2, length: 5 },
      { type: 'bold', offset: 4, length: 1 },
      { type: 'text_link', offset: 10, length: 1, url: 'https://example.org/' },
      { type: 'custom_emoji', offset: 14, length: 2, custom_emoji_id: '5368324170671202286' },
      { type: 'expandable_blockquote', offset: 17, length: 5 },
    ]);
  });
});

describe('formatting through the Bot API', () => {
  let emulator;
  let chatId;
  before(async () => {
    emulator = await startEmulator();
    chatId = (await setupGroup(emulator)).chat.id;
  });
  after(async () => { await emulator.stop(); });

  const send = (params) => callBot(emulator, 'sendMessage', { chat_id: chatId, ...params });

  test('Telegram error texts reach the bot', async () => {
    assert.equal((await send({ text: '<foo>x</foo>', parse_mode: 'HTML' })).description, `${PARSE}Unsupported start tag "foo" at byte offset 0`);
    assert.equal((await send({ text: '<b>x', parse_mode: 'html' })).description, `${PARSE}Can't find end tag corresponding to start tag "b"`);
    assert.equal((await send({ text: 'v1.2', parse_mode: 'MarkdownV2' })).description,
      `${PARSE}Character '.' is reserved and must be escaped with the preceding '\\'`);
    assert.equal((await send({ text: 'x', parse_mode: 'BBCode' })).description, 'Bad Request: unsupported parse_mode');
  });

  test('UTF-16 offsets after ZWJ emoji', async () => {
    const text = '👨‍👩‍👧‍👦 🏳️‍🌈 𝕏 <b>bold</b> <a href="https://example.org">link</a> /help #tag';
    const message = (await send({ text, parse_mode: 'HTML' })).result;
    assert.equal(message.text, '👨‍👩‍👧‍👦 🏳️‍🌈 𝕏 bold link /help #tag');
    const offsetOf = (part) => message.text.indexOf(part);
    // 11 units of family emoji, 6 of the rainbow flag, 2 of the math letter, and three spaces.
    assert.equal(offsetOf('bold'), 22);
    assert.deepEqual(message.entities, [
      { type: 'bold', offset: 22, length: 4 },
      { type: 'text_link', offset: 27, length: 4, url: 'https://example.org/' },
      { type: 'bot_command', offset: offsetOf('/help'), length: 5 },
      { type: 'hashtag', offset: offsetOf('#tag'), length: 4 },
    ]);
  });

  test('MarkdownV2 offsets after emoji', async () => {
    const message = (await send({ text: '🎉 *hi* 🧑‍💻 _you_', parse_mode: 'MarkdownV2' })).result;
    assert.equal(message.text, '🎉 hi 🧑‍💻 you');
    assert.deepEqual(message.entities, [{ type: 'bold', offset: 3, length: 2 }, { type: 'italic', offset: 12, length: 3 }]);
  });

  test('explicit entity range errors', async () => {
    const entities = (list) => JSON.stringify(list);
    assert.equal((await send({ text: 'hello', entities: entities([{ type: 'bold', offset: 3, length: 5 }]) })).description,
      'Bad Request: entity beginning at UTF-16 offset 3 ends after the end of the text at UTF-16 offset 8');
    assert.equal((await send({ text: 'hello', entities: entities([{ type: 'bold', offset: 9, length: 1 }]) })).description,
      'Bad Request: entity begins after the end of the text at UTF-16 offset 9');
    assert.equal((await send({ text: '😀x', entities: entities([{ type: 'bold', offset: 1, length: 2 }]) })).description,
      'Bad Request: entity begins in a middle of a UTF-16 symbol at byte offset 4');
    assert.equal((await send({ text: 'x😀', entities: entities([{ type: 'bold', offset: 0, length: 2 }]) })).description,
      'Bad Request: entity beginning at UTF-16 offset 0 ends in a middle of a UTF-16 symbol at byte offset 5');
    assert.equal((await send({ text: 'hello', entities: entities([{ type: 'bold', offset: -1, length: 1 }]) })).description,
      'Bad Request: receive an entity with incorrect offset -1');
    assert.equal((await send({ text: 'hello', entities: entities([{ type: 'bold', length: 1 }]) })).description,
      'Bad Request: can\'t parse MessageEntity: Can\'t find field "offset"');
    assert.equal((await send({ text: 'hello', entities: entities([{ type: 'glitter', offset: 0, length: 1 }]) })).description,
      "Bad Request: can't parse MessageEntity: Unsupported type specified");
    assert.equal((await send({ text: 'hello', entities: entities([{ type: 'text_link', offset: 0, length: 1, url: 'nohost' }]) })).description,
      "Bad Request: entity URL 'nohost' is invalid: Wrong HTTP URL");
    const fine = await send({ text: '😀 hello', entities: entities([{ type: 'underline', offset: 3, length: 5 }, { type: 'mention', offset: 0, length: 1 }]) });
    assert.deepEqual(fine.result.entities, [{ type: 'underline', offset: 3, length: 5 }], 'detected types passed explicitly are dropped');
  });

  test('caption_entities are checked the same way', async () => {
    await emulator.send({ chat_id: chatId, sender_chat_id: chatId, photo: 'fmt-photo-1' });
    const body = await callBot(emulator, 'sendPhoto', {
      chat_id: chatId, photo: 'fmt-photo-1', caption: 'cap', caption_entities: JSON.stringify([{ type: 'bold', offset: 2, length: 4 }]),
    });
    assert.equal(body.description, 'Bad Request: entity beginning at UTF-16 offset 2 ends after the end of the text at UTF-16 offset 6');
  });

  test('entities that are not valid JSON are ignored, like Telegram does', async () => {
    const body = await send({ text: 'plain', entities: 'not json' });
    assert.equal(body.ok, true);
    assert.equal(body.result.entities, undefined);
  });

  test('text limits', async () => {
    assert.equal((await send({ text: '' })).description, 'Bad Request: message text is empty');
    assert.equal((await send({ text: ' \n ' })).description, 'Bad Request: text must be non-empty');
    assert.equal((await send({ text: '<i></i>', parse_mode: 'HTML' })).description, 'Bad Request: text must be non-empty');
    assert.equal((await send({ text: 'a'.repeat(4096) })).ok, true);
    assert.equal((await send({ text: `<b>${'a'.repeat(4096)}</b>`, parse_mode: 'HTML' })).ok, true, 'markup does not count');
    assert.equal((await send({ text: `${'a'.repeat(4095)}😀` })).description, 'Bad Request: message is too long', 'an emoji is two units');
    assert.equal((await send({ text: 'x'.repeat(40000) })).description, 'Bad Request: text is too long');
  });

  test('caption limits', async () => {
    await emulator.send({ chat_id: chatId, sender_chat_id: chatId, photo: 'fmt-photo-2' });
    const caption = (text, extra = {}) => callBot(emulator, 'sendPhoto', { chat_id: chatId, photo: 'fmt-photo-2', caption: text, ...extra });
    assert.equal((await caption('c'.repeat(1024))).ok, true);
    assert.equal((await caption(`${'c'.repeat(1023)}😀`)).description, 'Bad Request: message caption is too long');
    const empty = await caption('<b> </b>', { parse_mode: 'HTML' });
    assert.equal(empty.ok, true, 'an empty caption is no caption');
    assert.equal(empty.result.caption, undefined);
  });

  test('control characters, carriage returns and surrounding white space', async () => {
    const message = (await send({ text: '\n  a\tb\r\nc  \n' })).result;
    assert.equal(message.text, 'a b\nc');
    const kept = (await send({ text: '  <b> x</b> ', parse_mode: 'HTML' })).result;
    assert.equal(kept.text, ' x', 'white space inside the first entity stays');
    assert.deepEqual(kept.entities, [{ type: 'bold', offset: 0, length: 2 }]);
  });
});
