// Request parameter parsing for the Bot API: JSON, urlencoded and multipart bodies plus the query
// string, with the loose typing Telegram accepts (numbers and booleans as strings, objects as JSON
// strings).

import { badRequest } from './errors.mjs';

const INTEGER_FIELDS = new Set([
  'user_id', 'message_id', 'from_chat_id', 'offset', 'limit', 'timeout', 'until_date',
  'message_thread_id', 'reply_to_message_id', 'cache_time', 'sender_chat_id', 'max_connections',
  'expire_date', 'member_limit', 'duration', 'width', 'height', 'length', 'user_chat_id',
]);

const BOOLEAN_FIELDS = new Set([
  'disable_notification', 'protect_content', 'revoke_messages', 'only_if_banned',
  'use_independent_chat_permissions', 'allow_sending_without_reply', 'show_alert',
  'drop_pending_updates', 'disable_web_page_preview', 'creates_join_request', 'return_bots',
  'has_spoiler', 'show_caption_above_media', 'allow_paid_broadcast',
  'disable_content_type_detection', 'supports_streaming', 'remove_caption',
]);

// Entity arrays that are not valid JSON are ignored by the Bot API, as if they were not passed.
const IGNORED_WHEN_INVALID = new Set(['entities', 'caption_entities']);

// Fields that carry JSON objects or arrays, with the error text Telegram uses when they don't parse.
const JSON_FIELDS = new Map([
  ['reply_markup', "can't parse reply keyboard markup JSON object"],
  ['reply_parameters', "can't parse reply parameters JSON object"],
  ['link_preview_options', "can't parse link preview options JSON object"],
  ['entities', "can't parse entities JSON object"],
  ['caption_entities', "can't parse entities JSON object"],
  ['permissions', "can't parse permissions JSON object"],
  ['allowed_updates', "can't parse allowed updates JSON object"],
  ['commands', "can't parse commands JSON object"],
  ['scope', "can't parse BotCommandScope JSON object"],
  ['message_ids', "can't parse message identifiers JSON object"],
  ['reaction', "can't parse reaction types JSON object"],
  ['rights', "can't parse ChatAdministratorRights JSON object"],
]);

const STRING_FIELDS = new Set(['text', 'caption', 'callback_query_id', 'custom_title', 'data']);

const INTEGER_PATTERN = /^\s*[-+]?\d+\s*$/;

/** Parses a request body by its Content-Type into a flat object of raw values. */
export function parseBody(contentType, body) {
  if (!body || body.length === 0) return {};
  const type = (contentType || '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json' || (type === '' && body[0] === 0x7b)) {
    let value;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON object");
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw badRequest('JSON object expected as the request body');
    }
    return value;
  }
  if (type === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  }
  if (type === 'multipart/form-data') {
    const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
    if (!match) throw badRequest('multipart boundary is missing');
    return parseMultipart(body, match[1] || match[2]);
  }
  return {};
}

/**
 * Parses multipart/form-data. Text parts become strings; file parts become
 * {filename, content_type, size, data}.
 */
export function parseMultipart(body, boundary) {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields = {};
  let position = body.indexOf(delimiter);
  while (position >= 0) {
    position += delimiter.length;
    if (body[position] === 0x2d && body[position + 1] === 0x2d) break;
    if (body[position] === 0x0d && body[position + 1] === 0x0a) position += 2;
    const next = body.indexOf(delimiter, position);
    if (next < 0) break;
    let partEnd = next;
    if (body[partEnd - 2] === 0x0d && body[partEnd - 1] === 0x0a) partEnd -= 2;
    addMultipartPart(fields, body.subarray(position, partEnd));
    position = next;
  }
  return fields;
}

function addMultipartPart(fields, part) {
  const headerEnd = part.indexOf('\r\n\r\n');
  if (headerEnd < 0) return;
  const headers = part.subarray(0, headerEnd).toString('utf8');
  const content = part.subarray(headerEnd + 4);
  const name = /;\s*name="([^"]*)"/i.exec(headers) || /;\s*name=([^;\s]+)/i.exec(headers);
  if (!name) return;
  const filename = /;\s*filename="([^"]*)"/i.exec(headers);
  if (!filename) {
    fields[name[1]] = content.toString('utf8');
    return;
  }
  const contentType = /^content-type:\s*(.+)$/im.exec(headers);
  fields[name[1]] = {
    filename: filename[1],
    content_type: contentType ? contentType[1].trim() : 'application/octet-stream',
    size: content.length,
    data: content,
  };
}

export function parseBoolean(value) {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return /^(true|1|yes|on)$/i.test(value.trim());
  return false;
}

function normalizeChatId(value) {
  if (typeof value === 'string' && INTEGER_PATTERN.test(value)) return Number(value);
  return value;
}

/**
 * Converts raw request values to their Bot API types. Returns {params, error}: error is the
 * ApiError of the first JSON field that failed to parse, and params keeps that field as a string.
 */
export function normalizeParams(raw) {
  const params = {};
  let error = null;
  for (const [name, value] of Object.entries(raw)) {
    if (value !== null && typeof value === 'object' && value.data instanceof Buffer) {
      params[name] = value;
    } else if (name === 'chat_id' || name === 'from_chat_id') {
      params[name] = normalizeChatId(value);
    } else if (INTEGER_FIELDS.has(name)) {
      params[name] = typeof value === 'string' && INTEGER_PATTERN.test(value) ? Number(value) : value;
    } else if (BOOLEAN_FIELDS.has(name) || name.startsWith('can_') || name.startsWith('is_')) {
      params[name] = parseBoolean(value);
    } else if (JSON_FIELDS.has(name) && typeof value === 'string') {
      try {
        params[name] = JSON.parse(value);
      } catch {
        if (IGNORED_WHEN_INVALID.has(name)) continue;
        params[name] = value;
        error = error || badRequest(JSON_FIELDS.get(name));
      }
    } else if (STRING_FIELDS.has(name) && (typeof value === 'number' || typeof value === 'boolean')) {
      params[name] = String(value);
    } else {
      params[name] = value;
    }
  }
  return { params, error };
}

/** Returns a copy of params that is safe to keep in the call log: uploaded files lose their bytes. */
export function paramsForLog(params) {
  let copy = null;
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && typeof value === 'object' && value.data instanceof Buffer) {
      copy = copy || { ...params };
      copy[name] = { filename: value.filename, content_type: value.content_type, size: value.size };
    }
  }
  return copy || params;
}
