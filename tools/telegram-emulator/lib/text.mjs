// Message text formatting: the HTML, MarkdownV2 and legacy Markdown parse modes, explicit entity
// arrays, the clean-up Telegram applies to every text (control characters, trimming, empty
// entities) and the entities Telegram detects by itself (bot commands, mentions, hashtags, URLs,
// e-mail addresses). All offsets and lengths are UTF-16 code units, which is what JavaScript
// string indices are, and what the Bot API uses. Error texts are Telegram's, without the
// "Bad Request: " prefix that badRequest() adds.

import { badRequest } from './errors.mjs';
import { checkLink, invalidLinkText, linkUserId } from './links.mjs';

const HTML_TAGS = new Set([
  'a', 'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler',
  'tg-emoji', 'code', 'pre', 'blockquote',
]);

const HTML_TAG_TYPES = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
  s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', 'tg-spoiler': 'spoiler', span: 'spoiler',
};

const NAMED_HTML_ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"' };

// Characters that MarkdownV2 reserves outside code; '\n' is listed because it can end a quote.
const MARKDOWN_V2_RESERVED = new Set('_*[]()~`>#+-=|{}.!\n'.split(''));

// Entity names in MarkdownV2 error texts.
const MARKDOWN_V2_TYPE_NAMES = {
  bold: 'Bold', italic: 'Italic', underline: 'Underline', strikethrough: 'Strikethrough', spoiler: 'Spoiler',
  code: 'Code', pre: 'Pre', text_link: 'TextUrl', custom_emoji: 'CustomEmoji', blockquote: 'BlockQuote',
};

// Entity types Telegram finds by itself; explicit entities of these types are ignored.
const DETECTED_TYPES = new Set(['mention', 'hashtag', 'cashtag', 'bot_command', 'url', 'email', 'phone_number', 'bank_card_number']);

const FORMATTING_TYPES = new Set([
  'bold', 'italic', 'underline', 'strikethrough', 'spoiler', 'code', 'blockquote', 'expandable_blockquote',
]);

// Bytes of raw text the Bot API accepts before parsing.
const MAX_RAW_TEXT_BYTES = 1 << 15;
const MAX_ENTITY_POSITION = 1000000;

function parseError(message) {
  return badRequest(`can't parse entities: ${message}`);
}

export function utf8Offset(source, index) {
  return Buffer.byteLength(source.slice(0, index), 'utf8');
}

// Telegram's HTML parser counts these as white space; the end of the text counts too.
function isHtmlSpace(character) {
  return character === undefined || character === ' ' || character === '\n' || character === '\t' ||
    character === '\r' || character === '\v' || character === '\0';
}

function isSurrogate(code) {
  return code >= 0xd800 && code <= 0xdfff;
}

/**
 * Decodes the character reference at source[index] ('&'): &lt; &gt; &amp; &quot; (lower case
 * only), &#NNN; and &#xHHH;, with the ';' optional. Returns {code, end} or null.
 */
function decodeHtmlEntity(source, index) {
  let end = index + 1;
  let code = 0;
  if (source[end] === '#') {
    end++;
    let digits = '';
    if (source[end] === 'x') {
      end++;
      while (/[0-9A-Fa-f]/.test(source[end] || '')) digits += source[end++];
      code = digits ? parseInt(digits.slice(0, 8), 16) : 0;
    } else {
      while (/[0-9]/.test(source[end] || '')) digits += source[end++];
      code = digits ? parseInt(digits.slice(0, 10), 10) : 0;
    }
    if (code === 0 || code >= 0x10ffff || end - index >= 10) return null;
  } else {
    while (/[A-Za-z]/.test(source[end] || '')) end++;
    const character = NAMED_HTML_ENTITIES[source.slice(index + 1, end)];
    if (character === undefined) return null;
    code = character.charCodeAt(0);
  }
  if (source[end] === ';') end++;
  return { code, end };
}

function characterOf(code) {
  return isSurrogate(code) ? String.fromCharCode(code) : String.fromCodePoint(code);
}

/** Returns the entity for a link: text_mention for tg://user?id=N, else text_link, or null for a bad URL. */
function linkEntity(url, offset, length, resolveUser) {
  const userId = linkUserId(url);
  if (userId !== null) {
    const user = resolveUser ? resolveUser(userId) : null;
    // NOTE: Telegram only shows a mention of a user the bot can see; an unknown id stays a link.
    if (!user) return { type: 'text_link', offset, length, url: `tg://user?id=${userId}` };
    return { type: 'text_mention', offset, length, user };
  }
  const checked = checkLink(url);
  if (checked.error) return null;
  return { type: 'text_link', offset, length, url: checked.url };
}

function isInt64Id(value) {
  if (!/^-?\d{1,19}$/.test(value)) return false;
  const number = BigInt(value);
  return number !== 0n && number >= -(2n ** 63n) && number < 2n ** 63n;
}

// ---- HTML ---------------------------------------------------------------------------------------

/** Reads a start tag at source[tagStart] === '<'; returns {tag, argument, end}. */
function readHtmlStartTag(source, tagStart) {
  const at = () => utf8Offset(source, tagStart);
  let position = tagStart + 1;
  while (!isHtmlSpace(source[position]) && source[position] !== '>') position++;
  if (position >= source.length) throw parseError(`Unclosed start tag at byte offset ${at()}`);
  const tag = source.slice(tagStart + 1, position).toLowerCase();
  if (!HTML_TAGS.has(tag)) throw parseError(`Unsupported start tag "${tag}" at byte offset ${at()}`);

  let argument = '';
  while (source[position] !== '>') {
    while (position < source.length && isHtmlSpace(source[position])) position++;
    if (source[position] === '>') break;
    const nameStart = position;
    while (!isHtmlSpace(source[position]) && !'=>/"\''.includes(source[position])) position++;
    const name = source.slice(nameStart, position);
    if (name === '') throw parseError(`Empty attribute name in the tag "${tag}" at byte offset ${at()}`);
    while (position < source.length && isHtmlSpace(source[position])) position++;
    if (source[position] !== '=') {
      if (position >= source.length) throw parseError(`Unclosed start tag "${tag}" at byte offset ${at()}`);
      if (tag === 'blockquote' && name === 'expandable') argument = 'expandable';
      continue;
    }
    position++;
    while (position < source.length && isHtmlSpace(source[position])) position++;
    if (position >= source.length) throw parseError(`Unclosed start tag "${tag}" at byte offset ${at()}`);

    let value = '';
    const quote = source[position];
    if (quote !== '"' && quote !== "'") {
      const tokenStart = position;
      while (/[A-Za-z0-9.-]/.test(source[position] || '')) position++;
      value = source.slice(tokenStart, position).toLowerCase();
      if (!isHtmlSpace(source[position]) && source[position] !== '>') {
        throw parseError(`Unexpected end of name token at byte offset ${utf8Offset(source, tokenStart)}`);
      }
    } else {
      position++;
      while (position < source.length && source[position] !== quote) {
        if (source[position] === '&') {
          const decoded = decodeHtmlEntity(source, position);
          if (decoded) {
            value += characterOf(decoded.code);
            position = decoded.end;
            continue;
          }
        }
        value += source[position++];
      }
      if (source[position] === quote) position++;
    }
    if (position >= source.length) throw parseError(`Unclosed start tag at byte offset ${at()}`);

    if (tag === 'a' && name === 'href') argument = value;
    else if (tag === 'code' && name === 'class' && value.startsWith('language-')) argument = value.slice(9);
    else if (tag === 'span' && name === 'class' && value.startsWith('tg-')) argument = value.slice(3);
    else if (tag === 'tg-emoji' && name === 'emoji-id') argument = value;
    else if (tag === 'blockquote' && name === 'expandable') argument = 'expandable';
  }
  if (tag === 'span' && argument !== 'spoiler') {
    throw parseError(`Tag "span" must have class "tg-spoiler" at byte offset ${at()}`);
  }
  return { tag, argument, end: position + 1 };
}

/** Adds the entity of a closed tag, if it covers any text. */
function closeHtmlTag(open, text, entities, resolveUser) {
  const offset = open.offset;
  const length = text.length - offset;
  if (length <= 0) return;
  const { tag, argument } = open;
  const last = entities[entities.length - 1];
  const sameRange = last && last.offset === offset && last.length === length;
  if (HTML_TAG_TYPES[tag]) {
    entities.push({ type: HTML_TAG_TYPES[tag], offset, length });
  } else if (tag === 'tg-emoji') {
    if (!isInt64Id(argument)) throw parseError('Invalid custom emoji identifier specified');
    entities.push({ type: 'custom_emoji', offset, length, custom_emoji_id: String(BigInt(argument)) });
  } else if (tag === 'a') {
    const entity = linkEntity(argument || text.slice(offset), offset, length, resolveUser);
    if (entity) entities.push(entity);
  } else if (tag === 'pre') {
    if (sameRange && last.type === 'code' && last.language) {
      last.type = 'pre';
    } else {
      entities.push({ type: 'pre', offset, length });
    }
  } else if (tag === 'code') {
    if (sameRange && last.type === 'pre' && !last.language && argument) {
      last.language = argument;
    } else {
      const entity = { type: 'code', offset, length };
      if (argument) entity.language = argument;
      entities.push(entity);
    }
  } else if (tag === 'blockquote') {
    entities.push({ type: argument ? 'expandable_blockquote' : 'blockquote', offset, length });
  }
}

/** Parses parse_mode=HTML text into {text, entities}, raising Telegram's errors for bad markup. */
export function parseHtml(source, { resolveUser } = {}) {
  let text = '';
  const stack = [];
  const entities = [];
  let decodedSurrogate = false;
  let index = 0;
  while (index < source.length) {
    const character = source[index];
    if (character === '&') {
      const decoded = decodeHtmlEntity(source, index);
      if (decoded) {
        if (isSurrogate(decoded.code)) decodedSurrogate = true;
        text += characterOf(decoded.code);
        index = decoded.end;
        continue;
      }
    }
    if (character !== '<') {
      let runEnd = index + 1;
      while (runEnd < source.length && source[runEnd] !== '<' && source[runEnd] !== '&') runEnd++;
      text += source.slice(index, runEnd);
      index = runEnd;
      continue;
    }
    if (source[index + 1] !== '/') {
      const { tag, argument, end } = readHtmlStartTag(source, index);
      stack.push({ tag, argument, offset: text.length });
      index = end;
      continue;
    }
    const at = utf8Offset(source, index);
    if (stack.length === 0) throw parseError(`Unexpected end tag at byte offset ${at}`);
    let position = index + 2;
    while (!isHtmlSpace(source[position]) && source[position] !== '>') position++;
    const tag = source.slice(index + 2, position).toLowerCase();
    while (position < source.length && isHtmlSpace(source[position])) position++;
    if (source[position] !== '>') throw parseError(`Unclosed end tag at byte offset ${at}`);
    const open = stack[stack.length - 1];
    if (tag !== '' && tag !== open.tag) {
      throw parseError(`Unmatched end tag at byte offset ${at}, expected "</${open.tag}>", found "</${tag}>"`);
    }
    closeHtmlTag(open, text, entities, resolveUser);
    stack.pop();
    index = position + 1;
  }
  if (stack.length > 0) {
    throw parseError(`Can't find end tag corresponding to start tag "${stack[stack.length - 1].tag}"`);
  }
  if (decodedSurrogate && /[\ud800-\udfff]/.test(text)) {
    throw parseError('Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units');
  }
  for (const entity of entities) {
    if (entity.type === 'code') delete entity.language;
  }
  return { text, entities: sortEntities(entities) };
}

// ---- MarkdownV2 ---------------------------------------------------------------------------------

function isEscapable(character) {
  if (character === undefined) return false;
  const code = character.charCodeAt(0);
  return code >= 1 && code <= 126;
}

/** Returns whether source[index] ends the innermost open MarkdownV2 entity. */
function endsMarkdownV2Entity(source, index, top, insideQuote) {
  const character = source[index];
  const next = source[index + 1];
  if (insideQuote && character === '\n' && next !== '>') return true;
  switch (top.type) {
    case 'bold': return character === '*';
    case 'italic': return character === '_' && next !== '_';
    case 'underline': return character === '_' && next === '_';
    case 'strikethrough': return character === '~';
    case 'spoiler': return character === '|' && next === '|';
    case 'code': return character === '`';
    case 'pre': return character === '`' && next === '`' && source[index + 2] === '`';
    case 'text_link':
    case 'custom_emoji': return character === ']';
    default: return false;
  }
}

/** Parses parse_mode=MarkdownV2 text into {text, entities}, raising Telegram's errors for bad markup. */
export function parseMarkdownV2(source, { resolveUser } = {}) {
  let text = '';
  const stack = [];
  const entities = [];
  let insideQuote = false;
  let canStartQuote = true;
  const reserved = (character) => parseError(`Character '${character}' is reserved and must be escaped with the preceding '\\'`);
  const unclosed = (open) => {
    const name = open.type === 'pre' && open.language ? 'PreCode' : MARKDOWN_V2_TYPE_NAMES[open.type];
    return parseError(`Can't find end of ${name} entity at byte offset ${utf8Offset(source, open.index)}`);
  };
  // Reads "(url)" starting at source[index] === '('; returns {url, end} with end at the ')'.
  const readUrl = (index) => {
    let url = '';
    let position = index + 1;
    while (position < source.length && source[position] !== ')') {
      if (source[position] === '\\' && isEscapable(source[position + 1])) {
        url += source[position + 1];
        position += 2;
        continue;
      }
      url += source[position++];
    }
    if (source[position] !== ')') throw parseError(`Can't find end of a URL at byte offset ${utf8Offset(source, index + 1)}`);
    return { url, end: position };
  };

  for (let index = 0; index < source.length; index++) {
    const character = source[index];
    const next = source[index + 1];
    if (character === '\\' && isEscapable(next)) {
      text += next;
      if (next !== '\r') canStartQuote = next === '\n';
      index++;
      continue;
    }
    const top = stack[stack.length - 1];
    const inCode = top !== undefined && (top.type === 'code' || top.type === 'pre');
    if (inCode ? character !== '`' : !MARKDOWN_V2_RESERVED.has(character)) {
      const whole = String.fromCodePoint(source.codePointAt(index));
      text += whole;
      index += whole.length - 1;
      if (character !== '\r') canStartQuote = false;
      continue;
    }

    if (top === undefined || !endsMarkdownV2Entity(source, index, top, insideQuote)) {
      const start = index;
      let type;
      let language = '';
      switch (character) {
        case '_':
          type = next === '_' ? 'underline' : 'italic';
          if (type === 'underline') index++;
          break;
        case '*':
          type = 'bold';
          break;
        case '~':
          type = 'strikethrough';
          break;
        case '|':
          if (next !== '|') throw reserved(character);
          type = 'spoiler';
          index++;
          break;
        case '[':
          type = 'text_link';
          break;
        case '`':
          if (next === '`' && source[index + 2] === '`') {
            type = 'pre';
            index += 3;
            let languageEnd = index;
            while (languageEnd < source.length && !isHtmlSpace(source[languageEnd]) && source[languageEnd] !== '`') languageEnd++;
            if (languageEnd !== index && languageEnd < source.length && source[languageEnd] !== '`') {
              language = source.slice(index, languageEnd);
              index = languageEnd;
            }
            if (source[index] === '\n' || source[index] === '\r') {
              const pair = (source[index + 1] === '\n' || source[index + 1] === '\r') && source[index] !== source[index + 1];
              index += pair ? 2 : 1;
            }
            index--;
          } else {
            type = 'code';
          }
          break;
        case '!':
          if (next !== '[') throw reserved(character);
          type = 'custom_emoji';
          index++;
          break;
        case '\n':
          text += '\n';
          canStartQuote = true;
          continue;
        case '>':
          if (!canStartQuote) throw reserved(character);
          if (insideQuote) continue;
          type = 'blockquote';
          insideQuote = true;
          break;
        default:
          throw reserved(character);
      }
      stack.push({ type, language, offset: text.length, index: start });
      continue;
    }

    // The character ends the innermost entity.
    let type = top.type;
    if (character === '\n' && type !== 'blockquote') {
      // Only "||" right before the line break may close a quote, which makes it expandable.
      const marksExpandable = type === 'spoiler' &&
        (top.index === index - 2 || (top.index === index - 3 && text.endsWith('\r')));
      if (!marksExpandable) throw unclosed(top);
      stack.pop();
      const quote = stack[stack.length - 1];
      if (quote.type !== 'blockquote') throw unclosed(quote);
      type = 'expandable_blockquote';
    }
    const open = stack[stack.length - 1];
    let skip = text.length === open.offset;
    let entity = null;
    switch (type) {
      case 'underline':
      case 'spoiler':
        index++;
        break;
      case 'pre':
        index += 2;
        break;
      case 'text_link': {
        let url;
        if (source[index + 1] !== '(') {
          url = text.slice(open.offset);
        } else {
          const read = readUrl(index + 1);
          url = read.url;
          index = read.end;
        }
        entity = skip ? null : linkEntity(url, open.offset, text.length - open.offset, resolveUser);
        if (!entity) skip = true;
        break;
      }
      case 'custom_emoji': {
        if (source[index + 1] !== '(') throw parseError('The entity must contain a tg://emoji or tg://time URL');
        const read = readUrl(index + 1);
        index = read.end;
        const match = /^tg:(?:\/\/)?emoji\?id=(-?\d+)$/i.exec(read.url);
        if (!match || !isInt64Id(match[1])) throw parseError('Invalid tg://emoji or tg://time URL specified');
        entity = { type: 'custom_emoji', offset: open.offset, length: text.length - open.offset, custom_emoji_id: String(BigInt(match[1])) };
        break;
      }
      case 'blockquote':
      case 'expandable_blockquote':
        insideQuote = false;
        text += character;
        canStartQuote = true;
        skip = false;
        break;
      default:
        break;
    }
    if (!skip) {
      if (!entity) {
        entity = { type, offset: open.offset, length: text.length - open.offset };
        if (type === 'pre' && open.language) entity.language = open.language;
      }
      entities.push(entity);
    }
    stack.pop();
  }

  if (insideQuote) {
    let type = 'blockquote';
    let top = stack[stack.length - 1];
    if (top.type === 'spoiler' && top.index === source.length - 2) {
      stack.pop();
      top = stack[stack.length - 1];
      type = 'expandable_blockquote';
    }
    if (top.type === 'blockquote') {
      if (text.length > top.offset) entities.push({ type, offset: top.offset, length: text.length - top.offset });
      stack.pop();
    }
  }
  if (stack.length > 0) throw unclosed(stack[stack.length - 1]);
  return { text, entities: sortEntities(entities) };
}

// ---- legacy Markdown ----------------------------------------------------------------------------

const LEGACY_MARKDOWN_TYPES = { '*': 'bold', _: 'italic', '`': 'code' };

/** Parses legacy parse_mode=Markdown: *bold*, _italic_, `code`, ```pre``` and [text](url), without nesting. */
export function parseMarkdown(source, { resolveUser } = {}) {
  const pieces = [];
  let length = 0;
  const entities = [];
  let index = 0;
  const append = (text) => {
    pieces.push(text);
    length += text.length;
  };
  while (index < source.length) {
    const character = source[index];
    if (character === '\\' && '_*`['.includes(source[index + 1] || '')) {
      append(source[index + 1]);
      index += 2;
      continue;
    }
    if (!'_*`['.includes(character)) {
      append(character);
      index++;
      continue;
    }
    const startError = () => parseError(
      `Can't find end of the entity starting at byte offset ${utf8Offset(source, index)}`);
    if (character === '[') {
      const close = source.indexOf(']', index + 1);
      if (close < 0 || source[close + 1] !== '(') throw startError();
      const urlEnd = source.indexOf(')', close + 2);
      if (urlEnd < 0) throw startError();
      const offset = length;
      append(source.slice(index + 1, close));
      const url = source.slice(close + 2, urlEnd);
      const entity = length > offset && url ? linkEntity(url, offset, length - offset, resolveUser) : null;
      if (entity) entities.push(entity);
      index = urlEnd + 1;
      continue;
    }
    if (source.startsWith('```', index)) {
      const close = source.indexOf('```', index + 3);
      if (close < 0) throw startError();
      let body = source.slice(index + 3, close);
      let language = '';
      const newline = body.indexOf('\n');
      if (newline >= 0 && !/\s/.test(body.slice(0, newline))) {
        language = body.slice(0, newline);
        body = body.slice(newline + 1);
      }
      const offset = length;
      append(body);
      if (length > offset) {
        const entity = { type: 'pre', offset, length: length - offset };
        if (language) entity.language = language;
        entities.push(entity);
      }
      index = close + 3;
      continue;
    }
    const close = source.indexOf(character, index + 1);
    if (close < 0) throw startError();
    const offset = length;
    append(source.slice(index + 1, close));
    const type = LEGACY_MARKDOWN_TYPES[character];
    if (length > offset) entities.push({ type, offset, length: length - offset });
    index = close + 1;
  }
  return { text: pieces.join(''), entities: sortEntities(entities) };
}


// ---- explicit entities and the clean-up of every formatted text ---------------------------------

/** Orders entities the way Telegram returns them: by offset, longer first at equal offsets. */
export function sortEntities(entities) {
  return entities
    .map((entity, order) => ({ entity, order }))
    .sort((a, b) => a.entity.offset - b.entity.offset || b.entity.length - a.entity.length || a.order - b.order)
    .map(({ entity }) => entity);
}

function entityObjectError(message) {
  return badRequest(`can't parse MessageEntity: ${message}`);
}

function readIntegerField(object, name) {
  const value = object[name];
  if (value === undefined || value === null) throw entityObjectError(`Can't find field "${name}"`);
  const number = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) throw entityObjectError(`Field "${name}" must be of type Number`);
  return number;
}

function readIdField(object, name) {
  const value = object[name];
  if (value === undefined || value === null) throw entityObjectError(`Can't find field "${name}"`);
  if (typeof value === 'number' && Number.isInteger(value)) return String(BigInt(value));
  if (typeof value === 'string' && /^\s*-?\d{1,19}\s*$/.test(value)) return String(BigInt(value.trim()));
  throw entityObjectError(`Field "${name}" must be of type Number`);
}

function readStringField(object, name, required) {
  const value = object[name];
  if (value === undefined || value === null) {
    if (required) throw entityObjectError(`Can't find field "${name}"`);
    return '';
  }
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') throw entityObjectError(`Field "${name}" must be of type String`);
  return value;
}

/**
 * Reads explicit MessageEntity objects (entities, caption_entities) as the Bot API does. Anything
 * but an array is ignored, like an entities parameter that is not valid JSON. Entities of the
 * types Telegram detects by itself are dropped (they are detected again). Raises Telegram's
 * errors for malformed objects, bad text_link URLs and bad custom emoji ids.
 */
export function readExplicitEntities(list, { resolveUser } = {}) {
  if (!Array.isArray(list)) return [];
  const entities = [];
  for (const item of list) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw entityObjectError('expected an Object');
    const offset = readIntegerField(item, 'offset');
    const length = readIntegerField(item, 'length');
    const type = readStringField(item, 'type', true);
    if (type === '') throw entityObjectError('Type is not specified');
    if (DETECTED_TYPES.has(type)) continue;
    if (FORMATTING_TYPES.has(type)) {
      entities.push({ type, offset, length });
    } else if (type === 'pre') {
      const language = readStringField(item, 'language', false);
      entities.push(language ? { type, offset, length, language } : { type, offset, length });
    } else if (type === 'text_link') {
      entities.push({ type, offset, length, url: readStringField(item, 'url', true) });
    } else if (type === 'text_mention') {
      const user = item.user;
      if (user === undefined || user === null) throw entityObjectError('Can\'t find field "user"');
      if (typeof user !== 'object' || Array.isArray(user)) throw entityObjectError('Field "user" must be of type Object');
      entities.push({ type, offset, length, userId: readIntegerField(user, 'id'), given: user });
    } else if (type === 'custom_emoji') {
      entities.push({ type, offset, length, custom_emoji_id: readIdField(item, 'custom_emoji_id') });
    } else {
      throw entityObjectError('Unsupported type specified');
    }
  }
  return entities.map((entity) => {
    if (entity.type === 'text_link') {
      const userId = linkUserId(entity.url);
      if (userId === null) {
        const checked = checkLink(entity.url);
        if (checked.error) throw badRequest(`entity ${invalidLinkText(entity.url, checked.error)}`);
        return { ...entity, url: checked.url };
      }
      return { type: 'text_mention', offset: entity.offset, length: entity.length, userId, given: { id: userId } };
    }
    if (entity.type === 'custom_emoji' && !isInt64Id(entity.custom_emoji_id)) {
      throw badRequest('invalid custom emoji identifier specified');
    }
    if (entity.type === 'text_mention') {
      const user = (resolveUser && resolveUser(entity.userId)) ||
        { id: entity.userId, is_bot: false, first_name: typeof entity.given.first_name === 'string' ? entity.given.first_name : '' };
      return { type: 'text_mention', offset: entity.offset, length: entity.length, user };
    }
    return entity;
  });
}

// Returns whether text[index] is the second half of a surrogate pair.
function splitsPair(text, index) {
  if (index <= 0 || index >= text.length) return false;
  const code = text.charCodeAt(index);
  const before = text.charCodeAt(index - 1);
  return code >= 0xdc00 && code <= 0xdfff && before >= 0xd800 && before <= 0xdbff;
}

/** Checks explicit entity ranges against the text they belong to, with Telegram's errors. */
export function checkEntityRanges(text, entities) {
  for (const entity of entities) {
    if (entity.offset < 0 || entity.offset > MAX_ENTITY_POSITION) throw badRequest(`receive an entity with incorrect offset ${entity.offset}`);
    if (entity.length < 0 || entity.length > MAX_ENTITY_POSITION) throw badRequest(`receive an entity with incorrect length ${entity.length}`);
  }
  const sorted = sortEntities(entities.filter((entity) => entity.length > 0));
  for (const entity of sorted) {
    const end = entity.offset + entity.length;
    if (splitsPair(text, entity.offset)) {
      throw badRequest(`entity begins in a middle of a UTF-16 symbol at byte offset ${utf8Offset(text, entity.offset + 1)}`);
    }
    if (splitsPair(text, end)) {
      throw badRequest(`entity beginning at UTF-16 offset ${entity.offset} ends in a middle of a UTF-16 symbol at byte offset ${utf8Offset(text, end + 1)}`);
    }
  }
  const outside = sorted.find((entity) => entity.offset > text.length);
  if (outside) throw badRequest(`entity begins after the end of the text at UTF-16 offset ${outside.offset}`);
  const overlong = sorted.find((entity) => entity.offset + entity.length > text.length);
  if (overlong) {
    throw badRequest(`entity beginning at UTF-16 offset ${overlong.offset} ends after the end of the text at UTF-16 offset ${overlong.offset + overlong.length}`);
  }
}

// Characters Telegram removes from texts: '\r', the separators U+2028 and U+2029, the
// bidirectional controls U+202A-U+202E and a few combining marks that draw lines across the text.
function isRemovedCharacter(code) {
  return code === 0x0d || (code >= 0x2028 && code <= 0x202e) || code === 0x0333 || code === 0x033f || code === 0x030a;
}

/**
 * Applies the clean-up Telegram does to every text and caption. Control characters become spaces
 * and a few invisible characters are removed. Empty entities are dropped. Trailing spaces and
 * line breaks are cut, clipping entities, and so are leading ones before the first entity. An
 * empty result raises "text must be non-empty" unless allowEmpty is set.
 */
export function cleanFormattedText(text, entities, { allowEmpty = false } = {}) {
  let cleaned = '';
  const positions = new Array(text.length + 1);
  for (let index = 0; index < text.length; index++) {
    positions[index] = cleaned.length;
    const code = text.charCodeAt(index);
    if (isRemovedCharacter(code)) continue;
    cleaned += code < 0x20 && code !== 0x0a ? ' ' : text[index];
  }
  positions[text.length] = cleaned.length;
  let kept = [];
  for (const entity of entities) {
    if (entity.length <= 0) continue;
    const start = positions[entity.offset];
    const end = positions[Math.min(entity.offset + entity.length, text.length)];
    if (end > start) kept.push({ ...entity, offset: start, length: end - start });
  }

  let end = cleaned.length;
  while (end > 0 && (cleaned[end - 1] === ' ' || cleaned[end - 1] === '\n')) end--;
  if (end === 0) {
    if (allowEmpty) return { text: '', entities: [] };
    throw badRequest('text must be non-empty');
  }
  cleaned = cleaned.slice(0, end);
  kept = sortEntities(kept.filter((entity) => entity.offset < end)
    .map((entity) => (entity.offset + entity.length > end ? { ...entity, length: end - entity.offset } : entity)));

  const limit = kept.length > 0 ? kept[0].offset : cleaned.length;
  let start = 0;
  while (start < limit && (cleaned[start] === ' ' || cleaned[start] === '\n')) start++;
  if (start > 0) {
    cleaned = cleaned.slice(start);
    kept = kept.map((entity) => ({ ...entity, offset: entity.offset - start }));
  }
  return { text: cleaned, entities: kept };
}

function parseWithMode(source, mode, options) {
  if (mode === 'html') return parseHtml(source, options);
  if (mode === 'markdownv2') return parseMarkdownV2(source, options);
  if (mode === 'markdown') return parseMarkdown(source, options);
  throw badRequest('unsupported parse_mode');
}

/**
 * Turns a text or caption parameter into the {text, entities} of the message, as the Bot API
 * does: a parse_mode (other than "none") wins over explicit entities, then the text is cleaned
 * and trimmed and Telegram's automatic entities are added. Raises Telegram's errors.
 */
export function prepareFormattedText(source, parseMode, explicitEntities, { allowEmpty = false, resolveUser } = {}) {
  const raw = source === undefined || source === null ? '' : String(source);
  if (raw.length > MAX_RAW_TEXT_BYTES / 3 && Buffer.byteLength(raw, 'utf8') > MAX_RAW_TEXT_BYTES) throw badRequest('text is too long');
  const mode = typeof parseMode === 'string' ? parseMode.toLowerCase() : '';
  let formatted;
  if (raw !== '' && mode !== '' && mode !== 'none') {
    formatted = parseWithMode(raw, mode, { resolveUser });
  } else {
    const entities = readExplicitEntities(explicitEntities, { resolveUser });
    checkEntityRanges(raw, entities);
    formatted = { text: raw, entities };
  }
  const cleaned = cleanFormattedText(formatted.text, formatted.entities, { allowEmpty });
  return { text: cleaned.text, entities: detectEntities(cleaned.text, cleaned.entities) };
}

// ---- entities Telegram detects by itself --------------------------------------------------------

const COMMAND_PATTERN = /(?<![\p{L}\p{N}_/<>@])\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\p{L}\p{N}_/@])/gu;
const MENTION_PATTERN = /(?<![\p{L}\p{N}_@])@[A-Za-z0-9_]{5,32}(?![\p{L}\p{N}_@])/gu;
const HASHTAG_PATTERN = /(?<![\p{L}\p{N}_#&])#[\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*/gu;
const URL_PATTERN = /(?<![\p{L}\p{N}_@./])(?:https?:\/\/|www\.)[^\s<>"]+/giu;
const EMAIL_PATTERN = /(?<![\p{L}\p{N}_.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\p{L}\p{N}_])/gu;

// Entities inside which Telegram does not detect further entities.
const OPAQUE_TYPES = new Set([
  'code', 'pre', 'text_link', 'text_mention', 'url', 'email', 'mention', 'bot_command', 'hashtag',
  'cashtag', 'custom_emoji',
]);

function trimUrl(url) {
  let end = url.length;
  while (end > 0 && '.,;:!?\'"'.includes(url[end - 1])) end--;
  let trimmed = url.slice(0, end);
  while (trimmed.endsWith(')') && (trimmed.split('(').length < trimmed.split(')').length)) {
    trimmed = trimmed.slice(0, -1);
  }
  return trimmed;
}

/**
 * Adds the entities Telegram detects in plain text (bot_command, mention, hashtag, url, email) to
 * the explicit ones, skipping matches that overlap an explicit link, code or mention entity.
 */
export function detectEntities(text, explicitEntities = []) {
  const found = [];
  const collect = (pattern, type, transform) => {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      const value = transform ? transform(match[0]) : match[0];
      if (value.length > 1) found.push({ type, offset: match.index, length: value.length });
    }
  };
  if (text.includes('/')) collect(COMMAND_PATTERN, 'bot_command');
  if (text.includes('@')) {
    collect(MENTION_PATTERN, 'mention');
    collect(EMAIL_PATTERN, 'email');
  }
  if (text.includes('#')) collect(HASHTAG_PATTERN, 'hashtag');
  if (text.includes('http') || text.includes('www.')) collect(URL_PATTERN, 'url', trimUrl);
  if (found.length === 0) return explicitEntities;
  const taken = explicitEntities.filter((entity) => OPAQUE_TYPES.has(entity.type));
  const accepted = [];
  for (const candidate of found) {
    const end = candidate.offset + candidate.length;
    const overlaps = (entity) => candidate.offset < entity.offset + entity.length && entity.offset < end;
    if (taken.some(overlaps) || accepted.some(overlaps)) continue;
    accepted.push(candidate);
  }
  return sortEntities([...explicitEntities, ...accepted]);
}
