// Message text formatting: the HTML, MarkdownV2 and legacy Markdown parse modes, the entities
// Telegram detects by itself (bot commands, mentions, hashtags, URLs, e-mail addresses) and
// whitespace trimming. All offsets and lengths are UTF-16 code units, which is what JavaScript
// string indices are, and what the Bot API uses.

import { badRequest } from './errors.mjs';

const HTML_TAGS = new Set([
  'a', 'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler',
  'tg-emoji', 'code', 'pre', 'blockquote',
]);

const HTML_TAG_TYPES = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
  s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', span: 'spoiler',
  'tg-spoiler': 'spoiler',
};

const NAMED_HTML_ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"' };

const MARKDOWN_V2_RESERVED = new Set('_*[]()~`>#+-=|{}.!'.split(''));

const MARKDOWN_V2_TYPE_NAMES = {
  bold: 'Bold', italic: 'Italic', underline: 'Underline', strikethrough: 'Strikethrough',
  spoiler: 'Spoiler', code: 'Code', pre: 'Pre', text_link: 'TextUrl', custom_emoji: 'CustomEmoji',
};

function parseError(message) {
  return badRequest(`can't parse entities: ${message}`);
}

function utf8Offset(source, index) {
  return Buffer.byteLength(source.slice(0, index), 'utf8');
}

function isHtmlSpace(character) {
  return character === ' ' || character === '\n' || character === '\t' || character === '\r';
}

function isTagNameCharacter(code) {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) || code === 0x2d;
}

function isAttributeNameCharacter(code) {
  return isTagNameCharacter(code) || code === 0x5f;
}

/** Decodes the HTML entity that starts at source[index], or returns null when there is none. */
function decodeHtmlEntity(source, index) {
  const pattern = /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/y;
  pattern.lastIndex = index;
  const match = pattern.exec(source);
  if (!match) return null;
  const name = match[1];
  let text;
  if (name[0] === '#') {
    const codePoint = name[1] === 'x' || name[1] === 'X'
      ? parseInt(name.slice(2), 16)
      : parseInt(name.slice(1), 10);
    if (codePoint === 0 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
      return null;
    }
    text = String.fromCodePoint(codePoint);
  } else {
    text = NAMED_HTML_ENTITIES[name.toLowerCase()];
    if (text === undefined) return null;
  }
  return { text, end: pattern.lastIndex };
}

function decodeHtmlText(value) {
  let result = '';
  let index = 0;
  while (index < value.length) {
    const ampersand = value.indexOf('&', index);
    if (ampersand < 0) {
      result += value.slice(index);
      break;
    }
    result += value.slice(index, ampersand);
    const decoded = decodeHtmlEntity(value, ampersand);
    if (decoded) {
      result += decoded.text;
      index = decoded.end;
    } else {
      result += '&';
      index = ampersand + 1;
    }
  }
  return result;
}

/** Returns the entity for a tg://user?id=N link, or null when the URL is not one. */
function userLinkEntity(url, offset, length, resolveUser) {
  const match = /^tg:\/\/user\?id=(\d+)$/i.exec(url.trim());
  if (!match) return null;
  const user = resolveUser ? resolveUser(Number(match[1])) : null;
  // NOTE: Telegram only creates text_mention for users the bot can see; unknown ids stay a text_link.
  if (!user) return { type: 'text_link', offset, length, url };
  return { type: 'text_mention', offset, length, user };
}

function readHtmlStartTag(source, tagStart) {
  const length = source.length;
  let position = tagStart + 1;
  while (position < length && isTagNameCharacter(source.charCodeAt(position))) position++;
  const tag = source.slice(tagStart + 1, position).toLowerCase();
  if (!HTML_TAGS.has(tag)) {
    throw parseError(`Unsupported start tag "${tag}" at byte offset ${utf8Offset(source, tagStart)}`);
  }
  const attributes = {};
  for (;;) {
    while (position < length && isHtmlSpace(source[position])) position++;
    if (position >= length) {
      throw parseError(`Unclosed start tag at byte offset ${utf8Offset(source, tagStart)}`);
    }
    if (source[position] === '>') return { tag, attributes, end: position + 1 };
    let nameEnd = position;
    while (nameEnd < length && isAttributeNameCharacter(source.charCodeAt(nameEnd))) nameEnd++;
    if (nameEnd === position) {
      throw parseError(`Empty attribute name in the tag "${tag}" at byte offset ${utf8Offset(source, position)}`);
    }
    const attributeName = source.slice(position, nameEnd).toLowerCase();
    position = nameEnd;
    while (position < length && isHtmlSpace(source[position])) position++;
    let value = '';
    if (source[position] === '=') {
      position++;
      while (position < length && isHtmlSpace(source[position])) position++;
      const quote = source[position];
      if (quote === '"' || quote === "'") {
        const closing = source.indexOf(quote, position + 1);
        if (closing < 0) {
          throw parseError(`Unclosed start tag at byte offset ${utf8Offset(source, tagStart)}`);
        }
        value = decodeHtmlText(source.slice(position + 1, closing));
        position = closing + 1;
      } else {
        let valueEnd = position;
        while (valueEnd < length && !isHtmlSpace(source[valueEnd]) && source[valueEnd] !== '>') valueEnd++;
        value = decodeHtmlText(source.slice(position, valueEnd));
        position = valueEnd;
      }
    }
    attributes[attributeName] = value;
  }
}

function closeHtmlTag(open, end, stack, entities, resolveUser) {
  const offset = open.start;
  const length = end - offset;
  const { tag, attributes } = open;
  if (tag === 'code') {
    const parent = stack[stack.length - 1];
    const language = (attributes.class || '').startsWith('language-') ? attributes.class.slice(9) : '';
    if (parent && parent.tag === 'pre' && parent.start === offset && language) {
      parent.language = language;
      return;
    }
  }
  if (length === 0) return;
  if (HTML_TAG_TYPES[tag]) {
    entities.push({ type: HTML_TAG_TYPES[tag], offset, length });
  } else if (tag === 'code') {
    entities.push({ type: 'code', offset, length });
  } else if (tag === 'pre') {
    const entity = { type: 'pre', offset, length };
    if (open.language) entity.language = open.language;
    entities.push(entity);
  } else if (tag === 'blockquote') {
    const type = 'expandable' in attributes ? 'expandable_blockquote' : 'blockquote';
    entities.push({ type, offset, length });
  } else if (tag === 'tg-emoji') {
    if (attributes['emoji-id']) {
      entities.push({ type: 'custom_emoji', offset, length, custom_emoji_id: attributes['emoji-id'] });
    }
  } else if (tag === 'a') {
    const url = attributes.href || '';
    if (!url) return;
    entities.push(userLinkEntity(url, offset, length, resolveUser) || { type: 'text_link', offset, length, url });
  }
}

/** Parses parse_mode=HTML text into {text, entities}, raising Telegram's errors for bad markup. */
export function parseHtml(source, { resolveUser } = {}) {
  const pieces = [];
  let length = 0;
  const stack = [];
  const entities = [];
  let index = 0;
  while (index < source.length) {
    const code = source.charCodeAt(index);
    if (code === 0x26) {
      const decoded = decodeHtmlEntity(source, index);
      const text = decoded ? decoded.text : '&';
      pieces.push(text);
      length += text.length;
      index = decoded ? decoded.end : index + 1;
      continue;
    }
    if (code !== 0x3c) {
      let runEnd = index + 1;
      while (runEnd < source.length) {
        const next = source.charCodeAt(runEnd);
        if (next === 0x3c || next === 0x26) break;
        runEnd++;
      }
      pieces.push(source.slice(index, runEnd));
      length += runEnd - index;
      index = runEnd;
      continue;
    }
    if (source[index + 1] === '/') {
      let position = index + 2;
      while (position < source.length && isTagNameCharacter(source.charCodeAt(position))) position++;
      const tag = source.slice(index + 2, position).toLowerCase();
      while (position < source.length && isHtmlSpace(source[position])) position++;
      if (source[position] !== '>') {
        throw parseError(`Unclosed end tag at byte offset ${utf8Offset(source, index)}`);
      }
      if (stack.length === 0) {
        throw parseError(`Unexpected end tag at byte offset ${utf8Offset(source, index)}`);
      }
      const open = stack.pop();
      if (open.tag !== tag) {
        throw parseError(
          `Unmatched end tag at byte offset ${utf8Offset(source, index)}, expected "</${open.tag}>", found "</${tag}>"`);
      }
      closeHtmlTag(open, length, stack, entities, resolveUser);
      index = position + 1;
      continue;
    }
    const { tag, attributes, end } = readHtmlStartTag(source, index);
    if (tag === 'span' && attributes.class !== 'tg-spoiler') {
      throw parseError('Tag "span" must have class "tg-spoiler"');
    }
    stack.push({ tag, attributes, start: length });
    index = end;
  }
  if (stack.length > 0) {
    throw parseError(`Can't find end tag corresponding to start tag "${stack[stack.length - 1].tag}"`);
  }
  return { text: pieces.join(''), entities: sortEntities(entities) };
}

/** Parses parse_mode=MarkdownV2 text into {text, entities}, raising Telegram's errors for bad markup. */
export function parseMarkdownV2(source, { resolveUser } = {}) {
  const parser = new MarkdownV2Parser(source, resolveUser);
  return parser.parse();
}

class MarkdownV2Parser {
  constructor(source, resolveUser) {
    this.source = source;
    this.resolveUser = resolveUser;
    this.pieces = [];
    this.length = 0;
    this.stack = [];
    this.entities = [];
    this.quote = null;
  }

  append(text) {
    this.pieces.push(text);
    this.length += text.length;
  }

  top() {
    return this.stack[this.stack.length - 1];
  }

  unclosedError(open) {
    const name = MARKDOWN_V2_TYPE_NAMES[open.type] || open.type;
    return parseError(`Can't find end of ${name} entity at byte offset ${utf8Offset(this.source, open.index)}`);
  }

  toggle(type, index) {
    const top = this.top();
    if (top && top.type === type) {
      this.stack.pop();
      if (this.length > top.start) this.entities.push({ type, offset: top.start, length: this.length - top.start });
      return;
    }
    if (this.stack.some((open) => open.type === type)) throw this.unclosedError(top);
    this.stack.push({ type, start: this.length, index });
  }

  closeQuote() {
    if (!this.quote) return;
    const { start, type } = this.quote;
    if (this.length > start) this.entities.push({ type, offset: start, length: this.length - start });
    this.quote = null;
  }

  // Handles '>' or '**>' at the start of a line. Returns the index after the marker, or -1.
  readQuoteMarker(index) {
    const source = this.source;
    if (index !== 0 && source[index - 1] !== '\n') return -1;
    if (source[index] === '>') {
      if (!this.quote) this.quote = { start: this.length, type: 'blockquote' };
      return index + 1;
    }
    if (source.startsWith('**>', index)) {
      this.closeQuote();
      this.quote = { start: this.length, type: 'expandable_blockquote' };
      return index + 3;
    }
    return -1;
  }

  readCode(index) {
    const source = this.source;
    const top = this.top();
    const character = source[index];
    if (character === '\\' && (source[index + 1] === '`' || source[index + 1] === '\\')) {
      this.append(source[index + 1]);
      return index + 2;
    }
    if (top.type === 'pre' && source.startsWith('```', index)) {
      this.stack.pop();
      if (this.length > top.start) {
        const entity = { type: 'pre', offset: top.start, length: this.length - top.start };
        if (top.language) entity.language = top.language;
        this.entities.push(entity);
      }
      return index + 3;
    }
    if (top.type === 'code' && character === '`') {
      this.stack.pop();
      if (this.length > top.start) this.entities.push({ type: 'code', offset: top.start, length: this.length - top.start });
      return index + 1;
    }
    const codePoint = source.codePointAt(index);
    const text = String.fromCodePoint(codePoint);
    this.append(text);
    return index + text.length;
  }

  openPre(index) {
    const source = this.source;
    let start = index + 3;
    let language = '';
    const newline = source.indexOf('\n', start);
    const closing = source.indexOf('```', start);
    if (newline >= 0 && (closing < 0 || newline < closing)) {
      const firstLine = source.slice(start, newline);
      if (!/\s/.test(firstLine)) {
        language = firstLine;
        start = newline + 1;
      }
    }
    this.stack.push({ type: 'pre', start: this.length, index, language });
    return start;
  }

  // Reads "(url)" after the closing ']' of a link or custom emoji.
  closeLink(index) {
    const source = this.source;
    const open = this.stack.pop();
    if (source[index + 1] !== '(') throw this.unclosedError(open);
    let url = '';
    let position = index + 2;
    for (;;) {
      if (position >= source.length) throw this.unclosedError(open);
      const character = source[position];
      if (character === '\\' && position + 1 < source.length) {
        url += source[position + 1];
        position += 2;
        continue;
      }
      if (character === ')') break;
      url += character;
      position++;
    }
    const offset = open.start;
    const length = this.length - offset;
    if (length > 0) {
      if (open.type === 'custom_emoji') {
        const match = /^tg:\/\/emoji\?id=(\d+)$/.exec(url);
        if (!match) throw parseError(`Custom emoji URL must have scheme tg://emoji?id=`);
        this.entities.push({ type: 'custom_emoji', offset, length, custom_emoji_id: match[1] });
      } else if (url) {
        this.entities.push(userLinkEntity(url, offset, length, this.resolveUser) || { type: 'text_link', offset, length, url });
      }
    }
    return position + 1;
  }

  parse() {
    const source = this.source;
    let index = 0;
    while (index < source.length) {
      const top = this.top();
      if (top && (top.type === 'code' || top.type === 'pre')) {
        index = this.readCode(index);
        continue;
      }
      const quoteEnd = this.readQuoteMarker(index);
      if (quoteEnd >= 0) {
        index = quoteEnd;
        continue;
      }
      index = this.readCharacter(index);
    }
    const unclosed = this.top();
    if (unclosed) throw this.unclosedError(unclosed);
    this.closeQuote();
    return { text: this.pieces.join(''), entities: sortEntities(this.entities) };
  }

  readCharacter(index) {
    const source = this.source;
    const character = source[index];
    const next = source[index + 1];
    switch (character) {
      case '\\': {
        const nextCode = source.charCodeAt(index + 1);
        if (nextCode >= 1 && nextCode <= 126) {
          this.append(next);
          return index + 2;
        }
        this.append(character);
        return index + 1;
      }
      case '\n':
        if (this.quote && source[index + 1] !== '>') this.closeQuote();
        this.append(character);
        return index + 1;
      case '*':
        this.toggle('bold', index);
        return index + 1;
      case '~':
        this.toggle('strikethrough', index);
        return index + 1;
      case '_': {
        const top = this.top();
        if (top && top.type === 'italic') {
          this.toggle('italic', index);
          return index + 1;
        }
        if (next === '_') {
          this.toggle('underline', index);
          return index + 2;
        }
        this.toggle('italic', index);
        return index + 1;
      }
      case '|':
        if (next === '|') {
          if (this.quote && this.quote.type === 'expandable_blockquote' && this.isLineEnd(index + 2)) {
            return index + 2;
          }
          this.toggle('spoiler', index);
          return index + 2;
        }
        break;
      case '`':
        if (source.startsWith('```', index)) return this.openPre(index);
        this.stack.push({ type: 'code', start: this.length, index });
        return index + 1;
      case '[':
        this.stack.push({ type: 'text_link', start: this.length, index });
        return index + 1;
      case '!':
        if (next === '[') {
          this.stack.push({ type: 'custom_emoji', start: this.length, index });
          return index + 2;
        }
        break;
      case ']': {
        const top = this.top();
        if (top && (top.type === 'text_link' || top.type === 'custom_emoji')) return this.closeLink(index);
        break;
      }
      default:
        if (!MARKDOWN_V2_RESERVED.has(character)) {
          const text = String.fromCodePoint(source.codePointAt(index));
          this.append(text);
          return index + text.length;
        }
    }
    throw parseError(`Character '${character}' is reserved and must be escaped with the preceding '\\'`);
  }

  isLineEnd(index) {
    return index >= this.source.length || this.source[index] === '\n';
  }
}

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
      if (length > offset && url) {
        entities.push(userLinkEntity(url, offset, length - offset, resolveUser) ||
          { type: 'text_link', offset, length: length - offset, url });
      }
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

/** Orders entities the way Telegram returns them: by offset, longer first at equal offsets. */
export function sortEntities(entities) {
  return entities
    .map((entity, order) => ({ entity, order }))
    .sort((a, b) => a.entity.offset - b.entity.offset || b.entity.length - a.entity.length || a.order - b.order)
    .map(({ entity }) => entity);
}

/**
 * Parses text in the given parse mode. Mode names are case-insensitive like in the Bot API.
 * Explicit entities take the place of a parse mode, as in the Bot API: the text is then plain and
 * the entities are clipped to it.
 */
export function formatText(source, parseMode, explicitEntities, options = {}) {
  if (Array.isArray(explicitEntities) && explicitEntities.length > 0) {
    return { text: source, entities: sortEntities(cleanEntities(source, explicitEntities)) };
  }
  const mode = (parseMode || '').toLowerCase();
  if (mode === '' || mode === 'none') return { text: source, entities: [] };
  if (mode === 'html') return parseHtml(source, options);
  if (mode === 'markdownv2') return parseMarkdownV2(source, options);
  if (mode === 'markdown') return parseMarkdown(source, options);
  throw badRequest(`unsupported parse_mode "${parseMode}"`);
}

/** Validates MessageEntity objects and clips them to the text. */
function cleanEntities(text, entities) {
  const cleaned = [];
  for (const entity of entities) {
    if (!entity || typeof entity !== 'object' || typeof entity.type !== 'string') {
      throw badRequest("can't parse entities: entity must be an Object with a String type");
    }
    const offset = Number(entity.offset);
    const length = Number(entity.length);
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0) {
      throw badRequest("can't parse entities: entity offset and length must be non-negative Integers");
    }
    const end = Math.min(offset + length, text.length);
    if (end > offset) cleaned.push({ ...entity, offset, length: end - offset });
  }
  return cleaned;
}

/** Removes leading and trailing whitespace like Telegram does, clipping entities to the new range. */
export function trimText(text, entities) {
  let start = 0;
  let end = text.length;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (start === 0 && end === text.length) return { text, entities };
  const clipped = [];
  for (const entity of entities) {
    const entityStart = Math.max(entity.offset, start);
    const entityEnd = Math.min(entity.offset + entity.length, end);
    if (entityEnd > entityStart) {
      clipped.push({ ...entity, offset: entityStart - start, length: entityEnd - entityStart });
    }
  }
  return { text: text.slice(start, end), entities: clipped };
}

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
