// Bot API method handlers. Each handler receives a call {world, bot, params, services} with
// normalised params and returns the method's result (or a Promise of it), or throws an ApiError
// carrying Telegram's error text.

import { badRequest } from './errors.mjs';
import {
  ADMIN_RIGHT_FIELDS, CONTENT_PERMISSIONS, PERMISSION_FIELDS, hasAnyAdminRight, normalizeAdminRights,
  normalizePermissions, normalizeUntilDate, rightAppliesTo,
} from './model.mjs';
import { checkLink, invalidLinkText, linkUserId } from './links.mjs';
import { CAPTIONLESS_KINDS, mediaFields, messageMediaKind } from './media.mjs';
import { STANDARD_REACTION_EMOJI, legacyForwardFields } from './model.mjs';
import { parseBoolean } from './params.mjs';
import { prepareFormattedText } from './text.mjs';
import { validateWebhookUrl } from './updates.mjs';
import { isActiveMember, isAdminRecord } from './world.mjs';

const MAX_TEXT_LENGTH = 4096;
const MAX_CAPTION_LENGTH = 1024;
const MAX_CALLBACK_DATA_BYTES = 64;
const MESSAGE_DELETE_WINDOW_SECONDS = 48 * 3600;
const CALLBACK_QUERY_LIFETIME_SECONDS = 15 * 60;
// The Bot API server clamps getUpdates timeout to 0-50 seconds and limit to 1-100.
const MAX_LONG_POLL_SECONDS = 50;
const MAX_UPDATES_PER_CALL = 100;

// Inline button kinds besides url and callback_data, in the order the Bot API looks for them.
// Each names the field and the JSON type the field must have.
const INLINE_BUTTON_KINDS = [
  ['callback_game', null], ['pay', null], ['switch_inline_query', 'string'],
  ['switch_inline_query_chosen_chat', 'object'], ['switch_inline_query_current_chat', 'string'],
  ['login_url', 'object'], ['web_app', 'object'], ['copy_text', 'object'],
];

// Message contents other than text and files that copyMessage carries over.
const COPYABLE_EXTRA_KINDS = ['contact', 'location', 'venue', 'dice', 'poll'];

const COMMAND_SCOPE_TYPES = new Set([
  'default', 'all_private_chats', 'all_group_chats', 'all_chat_administrators', 'chat',
  'chat_administrators', 'chat_member',
]);

// ---- shared checks -----------------------------------------------------------------------------

function requireUserId(params, name = 'user_id') {
  const value = params[name];
  if (!Number.isSafeInteger(value) || value === 0) throw badRequest(`invalid ${name} specified`);
  return value;
}

function requireMessageId(params) {
  const value = params.message_id;
  if (value === undefined || value === null || value === '') throw badRequest('message identifier is not specified');
  if (!Number.isSafeInteger(value)) throw badRequest('invalid message identifier specified');
  return value;
}

function requireKnownUser(world, userId) {
  if (!world.user(userId)) throw badRequest('PARTICIPANT_ID_INVALID');
}

function requireRight(world, chat, botId, right, errorText) {
  const rights = world.adminRightsOf(chat, botId);
  if (!rights || !rights[right]) throw badRequest(errorText);
  return rights;
}

/** Raises Telegram's errors for moderating the chat owner or an administrator the bot can't edit. */
function checkModeratable(world, chat, target, botId) {
  if (target && target.status === 'creator') throw badRequest("can't remove chat owner");
  if (target && target.status === 'administrator' && !world.canBotEdit(chat, target, botId)) {
    throw badRequest('user is an administrator of the chat');
  }
}

function openChat(call, access) {
  const chat = call.world.resolveChatId(call.params.chat_id, access);
  call.world.checkChatAccess(chat, call.bot.id, access);
  return chat;
}

function checkBotMaySend(world, chat, botId, kind) {
  if (chat.type === 'private') return;
  if (chat.type === 'channel') {
    const rights = world.adminRightsOf(chat, botId);
    if (!rights || !rights.can_post_messages) throw badRequest('need administrator rights in the channel chat');
    return;
  }
  const record = world.member(chat, botId);
  if (isAdminRecord(record)) return;
  const [permission, noun] = CONTENT_PERMISSIONS[kind];
  const allowed = chat.permissions[permission] && (record.status !== 'restricted' || record.permissions[permission]);
  if (!allowed) throw badRequest(`not enough rights to send ${noun} to the chat`);
}

function resolveUserFor(world) {
  return (id) => world.user(id);
}

/** Prepares the text of sendMessage and editMessageText: parsing, clean-up, detection and Telegram's errors. */
function prepareMessageText(world, params) {
  if (params.text === undefined || params.text === null || String(params.text).length === 0) {
    throw badRequest('message text is empty');
  }
  const prepared = prepareFormattedText(params.text, params.parse_mode, params.entities, { resolveUser: resolveUserFor(world) });
  if (prepared.text.length > MAX_TEXT_LENGTH) throw badRequest('message is too long');
  return prepared;
}

/** Prepares the caption of a media message. Returns null when there is none or it is empty after parsing. */
function prepareCaption(world, params) {
  if (params.caption === undefined || params.caption === null || params.caption === '') return null;
  const prepared = prepareFormattedText(params.caption, params.parse_mode, params.caption_entities, {
    allowEmpty: true, resolveUser: resolveUserFor(world),
  });
  if (prepared.text.length > MAX_CAPTION_LENGTH) throw badRequest('message caption is too long');
  return prepared.text.length > 0 ? prepared : null;
}

function jsonTypeOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Reads a string field the way the Bot API does: numbers are accepted as strings. */
function optionalStringField(object, name, prefix) {
  const value = object[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') throw badRequest(`${prefix}Field "${name}" must be of type String`);
  return value;
}

/**
 * Parses one InlineKeyboardButton like the Bot API: the text is required, and the first kind
 * found decides the button (an empty url or callback_data counts as missing). Returns
 * {button, kind, value}.
 */
function parseInlineButton(button) {
  const prefix = "can't parse inline keyboard button: ";
  if (button === null || typeof button !== 'object' || Array.isArray(button)) {
    throw badRequest(`${prefix}InlineKeyboardButton must be an Object`);
  }
  const text = optionalStringField(button, 'text', prefix);
  if (text === undefined) throw badRequest(`${prefix}Can't find field "text"`);
  const url = optionalStringField(button, 'url', prefix);
  if (url) return { text, kind: 'url', value: url };
  const data = optionalStringField(button, 'callback_data', prefix);
  if (data) return { text, kind: 'callback_data', value: data };
  for (const [kind, type] of INLINE_BUTTON_KINDS) {
    if (!(kind in button)) continue;
    if (type === 'string') {
      const value = optionalStringField(button, kind, prefix);
      if (value === undefined) throw badRequest(`${prefix}Can't find field "${kind}"`);
      return { text, kind, value };
    }
    if (type === 'object' && jsonTypeOf(button[kind]) !== 'object') {
      throw badRequest(`${prefix}Field "${kind}" must be of type Object`);
    }
    return { text, kind, value: button[kind] };
  }
  throw badRequest(`${prefix}Text buttons are unallowed in the inline keyboard`);
}

/** Checks a reply keyboard (keyboard field) enough to reject what Telegram rejects outright. */
function validateReplyKeyboard(rows) {
  if (!Array.isArray(rows)) throw badRequest('field "keyboard" must be of type Array');
  for (const row of rows) {
    if (!Array.isArray(row)) throw badRequest('field "keyboard" must be an Array of Arrays');
    for (const button of row) {
      const text = typeof button === 'string' ? button : button && typeof button === 'object' && !Array.isArray(button)
        ? optionalStringField(button, 'text', "can't parse keyboard button: ") : null;
      if (text === null) throw badRequest("can't parse keyboard button: KeyboardButton must be a String or an Object");
      if (text === undefined) throw badRequest('can\'t parse keyboard button: Can\'t find field "text"');
      if (text === '') throw badRequest('keyboard button text must be non-empty');
    }
  }
}

/**
 * Validates reply_markup like the Bot API and Telegram: first the shape of every button, then
 * the button texts and URLs, then callback data sizes. Returns the InlineKeyboardMarkup to store
 * in the message (URLs in Telegram's normalised form), or null for no markup or a reply keyboard
 * (those are not part of the Message object).
 */
function validateReplyMarkup(markup) {
  if (markup === undefined || markup === null || markup === '') return null;
  if (typeof markup !== 'object' || Array.isArray(markup)) throw badRequest('object expected as reply markup');
  if (markup.keyboard !== undefined && markup.keyboard !== null) validateReplyKeyboard(markup.keyboard);
  const rows = markup.inline_keyboard;
  if (rows === undefined || rows === null) return null;
  if (!Array.isArray(rows)) throw badRequest('field "inline_keyboard" must be of type Array');
  const parsed = rows.map((row) => {
    if (!Array.isArray(row)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
    return row.map((button) => ({ original: button, ...parseInlineButton(button) }));
  }).filter((row) => row.length > 0);
  if (parsed.length === 0 || (Array.isArray(markup.keyboard) && markup.keyboard.length > 0)) return null;
  const inlineKeyboard = parsed.map((row) => row.map(({ original, text, kind, value }) => {
    if (text === '') throw badRequest('inline keyboard button text must be non-empty');
    const button = { ...original, text };
    if (kind === 'url') {
      if (linkUserId(value) === null) {
        const checked = checkLink(value);
        if (checked.error) throw badRequest(`inline keyboard button ${invalidLinkText(value, checked.error)}`);
        button.url = checked.url;
      } else {
        button.url = value;
      }
    } else if (kind === 'callback_data') {
      button.callback_data = value;
    }
    return { button, kind, value };
  }));
  for (const row of inlineKeyboard) {
    for (const { kind, value } of row) {
      if (kind === 'callback_data' && Buffer.byteLength(value, 'utf8') > MAX_CALLBACK_DATA_BYTES) throw badRequest('BUTTON_DATA_INVALID');
    }
  }
  return { inline_keyboard: inlineKeyboard.map((row) => row.map(({ button }) => button)) };
}

/** Resolves reply_parameters or the legacy reply_to_message_id. Returns {message, quote} or null. */
function resolveReply(world, chat, params) {
  const replyParameters = params.reply_parameters;
  let messageId;
  let allowWithoutReply;
  let quote;
  let quotePosition = 0;
  let targetChat = chat;
  if (replyParameters !== undefined && replyParameters !== null && replyParameters !== '') {
    if (typeof replyParameters !== 'object' || Array.isArray(replyParameters)) throw badRequest('object expected as reply parameters');
    messageId = Number(replyParameters.message_id);
    allowWithoutReply = parseBoolean(replyParameters.allow_sending_without_reply);
    quote = typeof replyParameters.quote === 'string' ? replyParameters.quote : undefined;
    quotePosition = Number(replyParameters.quote_position) || 0;
    if (replyParameters.chat_id !== undefined && String(replyParameters.chat_id) !== String(chat.id)) {
      targetChat = null;
    }
  } else if (params.reply_to_message_id !== undefined) {
    messageId = Number(params.reply_to_message_id);
    allowWithoutReply = params.allow_sending_without_reply === true;
  }
  if (!messageId) return null;
  // NOTE: replies to messages in other chats (external_reply) are not emulated; they are "not found".
  const target = targetChat ? world.liveMessage(targetChat, messageId) : null;
  if (!target) {
    if (allowWithoutReply) return null;
    throw badRequest('message to be replied not found');
  }
  return { message: target, quote, quotePosition };
}

/** Message fields shared by text and media messages: thread, reply, markup, protection. */
function commonMessageFields(world, chat, params, reply, markup) {
  const fields = {};
  let threadId = Number.isSafeInteger(params.message_thread_id) && params.message_thread_id > 0 ? params.message_thread_id : null;
  if (threadId === null && reply && chat.type === 'supergroup') {
    threadId = reply.message.message_thread_id ?? reply.message.message_id;
  }
  if (threadId !== null) {
    fields.message_thread_id = threadId;
    if (chat.is_forum) fields.is_topic_message = true;
  }
  if (reply) {
    fields.reply_to_message = world.embeddedMessage(reply.message);
    if (reply.quote) fields.quote = { text: reply.quote, position: reply.quotePosition, is_manual: true };
  }
  return { fields, finish: (message) => finishMessage(world, chat, message, params, markup) };
}

function finishMessage(world, chat, message, params, markup) {
  if (params.link_preview_options && typeof params.link_preview_options === 'object') {
    message.link_preview_options = { ...params.link_preview_options };
  } else if (params.disable_web_page_preview === true) {
    message.link_preview_options = { is_disabled: true };
  }
  if (markup) message.reply_markup = markup;
  if (params.protect_content === true) message.has_protected_content = true;
  if (params.disable_notification === true) {
    const entry = world.messageEntry(chat, message.message_id);
    if (entry) entry.disableNotification = true;
  }
  return message;
}

function entitiesEqual(left = [], right = []) {
  return JSON.stringify(left) === JSON.stringify(right);
}

// ---- updates and webhooks ----------------------------------------------------------------------

/** Reads an optional integer parameter like the Bot API server: invalid is 0, then clamped. */
function clampInteger(value, defaultValue, min, max) {
  let number = defaultValue;
  if (value !== undefined && value !== null && value !== '') number = Number.isSafeInteger(value) ? value : 0;
  return Math.min(max, Math.max(min, number));
}

function getUpdates(call) {
  const { params, services } = call;
  const queue = call.world.hub.queue(call.bot.id);
  const limit = clampInteger(params.limit, MAX_UPDATES_PER_CALL, 1, MAX_UPDATES_PER_CALL);
  const timeout = clampInteger(params.timeout, 0, 0, MAX_LONG_POLL_SECONDS);
  const offset = Number.isSafeInteger(params.offset) ? params.offset : 0;
  const allowedUpdates = Array.isArray(params.allowed_updates) ? params.allowed_updates : undefined;
  return queue.getUpdates({ offset, limit, timeout, allowedUpdates }, services.onCancel);
}

function setWebhook(call) {
  const { params } = call;
  const queue = call.world.hub.queue(call.bot.id);
  const url = params.url === undefined || params.url === null ? '' : String(params.url).trim();
  if (Array.isArray(params.allowed_updates)) queue.setAllowedUpdates(params.allowed_updates);
  if (url === '') {
    queue.deleteWebhook(params.drop_pending_updates === true);
    return true;
  }
  validateWebhookUrl(url);
  let secretToken = null;
  if (params.secret_token !== undefined && params.secret_token !== '') {
    secretToken = String(params.secret_token);
    if (secretToken.length > 256) throw badRequest('secret token is too long');
    if (!/^[A-Za-z0-9_-]+$/.test(secretToken)) throw badRequest('secret token contains unallowed characters');
  }
  const maxConnections = Number.isSafeInteger(params.max_connections)
    ? Math.min(100, Math.max(1, params.max_connections))
    : 40;
  queue.setWebhook({ url, secretToken, maxConnections, lastErrorDate: 0, lastErrorMessage: '' }, params.drop_pending_updates === true);
  return true;
}

function deleteWebhook(call) {
  call.world.hub.queue(call.bot.id).deleteWebhook(call.params.drop_pending_updates === true);
  return true;
}

function getWebhookInfo(call) {
  return call.world.hub.queue(call.bot.id).webhookInfo();
}

// ---- messages ----------------------------------------------------------------------------------

function sendMessage(call) {
  const { world, bot, params, services } = call;
  const chat = openChat(call, 'write');
  const prepared = prepareMessageText(world, params);
  checkBotMaySend(world, chat, bot.id, 'text');
  const reply = resolveReply(world, chat, params);
  const markup = validateReplyMarkup(params.reply_markup);
  services.limits.check(bot.id, chat);
  const { fields, finish } = commonMessageFields(world, chat, params, reply, markup);
  fields.text = prepared.text;
  if (prepared.entities.length > 0) fields.entities = prepared.entities;
  const message = world.createMessage(chat, botSender(chat, bot, fields));
  finish(message);
  services.limits.record(bot.id, chat);
  return message;
}

/** Sender fields of a bot's message: channel posts have sender_chat and no `from`. */
function botSender(chat, bot, fields) {
  if (chat.type === 'channel') return { senderChat: chat.reference, fields, authorId: bot.id };
  return { from: bot.user, fields, authorId: bot.id };
}

function sendMediaHandler(kind) {
  return (call) => {
    const { world, bot, params, services } = call;
    const input = params[kind];
    if (input === undefined || input === null || input === '') throw badRequest(`there is no ${kind} in the request`);
    const caption = CAPTIONLESS_KINDS.has(kind) ? null : prepareCaption(world, params);
    const chat = openChat(call, 'write');
    const file = world.files.resolveForBot(kind, input, { emoji: params.emoji });
    checkBotMaySend(world, chat, bot.id, file.kind);
    const reply = resolveReply(world, chat, params);
    const markup = validateReplyMarkup(params.reply_markup);
    services.limits.check(bot.id, chat);
    const { fields, finish } = commonMessageFields(world, chat, params, reply, markup);
    Object.assign(fields, mediaFields(file.kind, file.media));
    if (caption) {
      fields.caption = caption.text;
      if (caption.entities.length > 0) fields.caption_entities = caption.entities;
    }
    const message = world.createMessage(chat, botSender(chat, bot, fields));
    finish(message);
    services.limits.record(bot.id, chat);
    return message;
  };
}

/** Returns the content of a message to copy or forward as {kind, fields}, or null for service messages. */
function messageContent(original) {
  const mediaKind = messageMediaKind(original);
  if (mediaKind) {
    const fields = mediaFields(mediaKind, original[mediaKind]);
    if (original.caption !== undefined) {
      fields.caption = original.caption;
      if (original.caption_entities) fields.caption_entities = original.caption_entities;
    }
    return { kind: mediaKind, fields };
  }
  if (original.text !== undefined) {
    const fields = { text: original.text };
    if (original.entities) fields.entities = original.entities;
    return { kind: 'text', fields };
  }
  const extra = COPYABLE_EXTRA_KINDS.find((name) => original[name] !== undefined);
  return extra ? { kind: extra, fields: { [extra]: original[extra] } } : null;
}

/** Finds the message a copy or forward reads, with the Bot API's error for a missing one. */
function sourceMessage(call, what) {
  const { world, bot, params } = call;
  const source = world.resolveChatId(params.from_chat_id, 'read');
  world.checkChatAccess(source, bot.id, 'read');
  const messageId = requireMessageId(params);
  const original = world.liveMessage(source, messageId);
  if (!original) throw badRequest(`message to ${what} not found`);
  return { source, original };
}

function copyOne(call, chat, source, original, { caption, replaceCaption, reply, markup }) {
  const { world, bot, params, services } = call;
  const content = messageContent(original);
  if (!content) throw badRequest("the message can't be copied");
  checkBotMaySend(world, chat, bot.id, content.kind);
  services.limits.check(bot.id, chat);
  const { fields, finish } = commonMessageFields(world, chat, params, reply, markup);
  Object.assign(fields, content.fields);
  if (replaceCaption && content.kind !== 'text') {
    delete fields.caption;
    delete fields.caption_entities;
    if (caption) {
      fields.caption = caption.text;
      if (caption.entities.length > 0) fields.caption_entities = caption.entities;
    }
  }
  const message = world.createMessage(chat, botSender(chat, bot, fields));
  finish(message);
  services.limits.record(bot.id, chat);
  return message;
}

function copyMessage(call) {
  const { world, params } = call;
  const replaceCaption = params.caption !== undefined;
  const caption = replaceCaption ? prepareCaption(world, params) : null;
  const chat = openChat(call, 'write');
  const { source, original } = sourceMessage(call, 'copy');
  const reply = resolveReply(world, chat, params);
  const markup = validateReplyMarkup(params.reply_markup);
  const message = copyOne(call, chat, source, original, { caption, replaceCaption, reply, markup });
  return { message_id: message.message_id };
}

function forwardOne(call, chat, source, original) {
  const { world, bot, params, services } = call;
  const content = messageContent(original);
  if (!content) throw badRequest("the message can't be forwarded");
  if (original.has_protected_content) throw badRequest("message has protected content and can't be forwarded");
  checkBotMaySend(world, chat, bot.id, content.kind);
  services.limits.check(bot.id, chat);
  const { fields, finish } = commonMessageFields(world, chat, params, null, null);
  const origin = world.forwardOrigin(source, original);
  Object.assign(fields, { forward_origin: origin }, legacyForwardFields(origin), content.fields);
  const message = world.createMessage(chat, botSender(chat, bot, fields));
  finish(message);
  services.limits.record(bot.id, chat);
  return message;
}

function forwardMessage(call) {
  const chat = openChat(call, 'write');
  const { source, original } = sourceMessage(call, 'forward');
  return forwardOne(call, chat, source, original);
}

/** Reads message_ids for forwardMessages and copyMessages: 1-100 ids, sent in increasing order. */
function requireMessageIds(params) {
  const ids = params.message_ids;
  if (!Array.isArray(ids) || ids.length === 0) throw badRequest('message identifiers are not specified');
  if (ids.length > 100) throw badRequest('too many message identifiers specified');
  const numbers = ids.map(Number);
  if (numbers.some((id) => !Number.isSafeInteger(id) || id <= 0)) throw badRequest('invalid message identifier specified');
  return [...new Set(numbers)].sort((a, b) => a - b);
}

function multipleHandler(copy) {
  return (call) => {
    const { world, bot, params } = call;
    const chat = openChat(call, 'write');
    const ids = requireMessageIds(params);
    const source = world.resolveChatId(params.from_chat_id, 'read');
    world.checkChatAccess(source, bot.id, 'read');
    const originals = ids.map((id) => world.liveMessage(source, id)).filter((message) => message && messageContent(message));
    if (originals.length === 0) throw badRequest(`message to ${copy ? 'copy' : 'forward'} not found`);
    const removeCaption = params.remove_caption === true;
    return originals.map((original) => {
      const message = copy
        ? copyOne(call, chat, source, original, { caption: null, replaceCaption: removeCaption, reply: null, markup: null })
        : forwardOne(call, chat, source, original);
      return { message_id: message.message_id };
    });
  };
}

function setMessageReaction(call) {
  const { world, bot, params } = call;
  const chat = openChat(call, 'read');
  const reaction = params.reaction === undefined || params.reaction === null || params.reaction === '' ? [] : params.reaction;
  if (!Array.isArray(reaction)) throw badRequest('expected an Array of ReactionType');
  const types = reaction.map((item) => {
    const prefix = "can't parse ReactionType: ";
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw badRequest(`${prefix}expected an Object`);
    if (item.type === undefined || item.type === null) throw badRequest(`${prefix}Can't find field "type"`);
    if (item.type === 'emoji') {
      if (typeof item.emoji !== 'string') throw badRequest(`${prefix}Can't find field "emoji"`);
      return { type: 'emoji', emoji: item.emoji };
    }
    if (item.type === 'custom_emoji') {
      const id = item.custom_emoji_id;
      if (id === undefined || id === null) throw badRequest(`${prefix}Can't find field "custom_emoji_id"`);
      if (!/^-?\d{1,19}$/.test(String(id))) throw badRequest(`${prefix}Field "custom_emoji_id" must be of type Number`);
      return { type: 'custom_emoji', custom_emoji_id: String(id) };
    }
    throw badRequest(`${prefix}invalid reaction type specified`);
  });
  const message = world.liveMessage(chat, requireMessageId(params));
  if (!message) throw badRequest('message to react not found');
  for (const type of types) {
    if (type.type === 'emoji' && type.emoji === '') throw badRequest('invalid reaction type specified');
    if (type.type === 'custom_emoji' && /^-?0+$/.test(type.custom_emoji_id)) throw badRequest('invalid reaction type specified');
  }
  for (const type of types) {
    if (type.type === 'emoji' && !STANDARD_REACTION_EMOJI.has(type.emoji)) throw badRequest('REACTION_INVALID');
    // NOTE: custom emoji reactions are accepted; Telegram allows them only where the chat does.
  }
  if (types.length > 1) throw badRequest('REACTIONS_TOO_MANY');
  world.setReaction(chat, message.message_id, bot.user, types, params.is_big === true);
  return true;
}

function sendChatAction(call) {
  openChat(call, 'write');
  if (typeof call.params.action !== 'string' || call.params.action === '') throw badRequest('wrong parameter action in request');
  return true;
}

function findEditableMessage(call, chat) {
  if (call.params.inline_message_id !== undefined) throw badRequest('MESSAGE_ID_INVALID');
  const messageId = requireMessageId(call.params);
  const entry = call.world.liveEntry(chat, messageId);
  if (!entry) throw badRequest('message to edit not found');
  if (entry.authorId !== call.bot.id) throw badRequest("message can't be edited");
  return entry.message;
}

const NOT_MODIFIED = 'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

function editMessageText(call) {
  const { world, bot, params, services } = call;
  const chat = openChat(call, 'edit');
  const message = findEditableMessage(call, chat);
  const prepared = prepareMessageText(world, params);
  const markup = validateReplyMarkup(params.reply_markup);
  if (message.text === undefined) throw badRequest('there is no text in the message to edit');
  if (message.text === prepared.text && entitiesEqual(message.entities, prepared.entities) &&
    JSON.stringify(message.reply_markup ?? null) === JSON.stringify(markup)) {
    throw badRequest(NOT_MODIFIED);
  }
  services.limits.check(bot.id, chat);
  const edited = { ...message, text: prepared.text, edit_date: world.now() };
  delete edited.entities;
  delete edited.reply_markup;
  if (prepared.entities.length > 0) edited.entities = prepared.entities;
  if (params.link_preview_options && typeof params.link_preview_options === 'object') {
    edited.link_preview_options = { ...params.link_preview_options };
  }
  if (markup) edited.reply_markup = markup;
  world.replaceMessage(chat, edited);
  services.limits.record(bot.id, chat);
  return edited;
}

function editMessageCaption(call) {
  const { world, bot, params, services } = call;
  const chat = openChat(call, 'edit');
  const message = findEditableMessage(call, chat);
  const caption = prepareCaption(world, params);
  const markup = validateReplyMarkup(params.reply_markup);
  if (message.text !== undefined) throw badRequest('there is no caption in the message to edit');
  if ((message.caption ?? '') === (caption ? caption.text : '') &&
    entitiesEqual(message.caption_entities, caption ? caption.entities : undefined) &&
    JSON.stringify(message.reply_markup ?? null) === JSON.stringify(markup)) {
    throw badRequest(NOT_MODIFIED);
  }
  services.limits.check(bot.id, chat);
  const edited = { ...message, edit_date: world.now() };
  delete edited.caption;
  delete edited.caption_entities;
  delete edited.reply_markup;
  if (caption) {
    edited.caption = caption.text;
    if (caption.entities.length > 0) edited.caption_entities = caption.entities;
  }
  if (markup) edited.reply_markup = markup;
  world.replaceMessage(chat, edited);
  services.limits.record(bot.id, chat);
  return edited;
}

function editMessageReplyMarkup(call) {
  const { world, bot, params, services } = call;
  const chat = openChat(call, 'edit');
  const message = findEditableMessage(call, chat);
  const markup = validateReplyMarkup(params.reply_markup);
  if (JSON.stringify(message.reply_markup ?? null) === JSON.stringify(markup)) throw badRequest(NOT_MODIFIED);
  services.limits.check(bot.id, chat);
  const edited = { ...message, edit_date: world.now() };
  delete edited.reply_markup;
  if (markup) edited.reply_markup = markup;
  world.replaceMessage(chat, edited);
  services.limits.record(bot.id, chat);
  return edited;
}

/** Applies the Bot API deletion rules; returns whether the bot may delete the message. */
function canDeleteMessage(world, chat, botId, entry) {
  const message = entry.message;
  if (world.now() - message.date > MESSAGE_DELETE_WINDOW_SECONDS) return false;
  if (message.group_chat_created || message.supergroup_chat_created || message.channel_chat_created) return false;
  if (chat.type === 'private') return true;
  const own = entry.authorId === botId;
  const rights = world.adminRightsOf(chat, botId);
  if (chat.type === 'channel') {
    if (rights && rights.can_delete_messages) return true;
    return own && rights !== null && rights.can_post_messages;
  }
  if (own) return true;
  if (chat.type === 'group') return rights !== null;
  return rights !== null && rights.can_delete_messages;
}

function deleteMessage(call) {
  const { world, bot, params } = call;
  const chat = openChat(call, 'write');
  const messageId = requireMessageId(params);
  const entry = world.liveEntry(chat, messageId);
  if (!entry) throw badRequest('message to delete not found');
  if (!canDeleteMessage(world, chat, bot.id, entry)) throw badRequest("message can't be deleted");
  world.deleteMessage(chat, messageId);
  return true;
}

function deleteMessages(call) {
  const { world, bot, params } = call;
  const chat = openChat(call, 'write');
  const ids = params.message_ids;
  if (!Array.isArray(ids) || ids.length === 0) throw badRequest('message identifiers are not specified');
  if (ids.length > 100) throw badRequest('too many message identifiers specified');
  const found = [];
  for (const id of ids) {
    if (!Number.isSafeInteger(Number(id))) throw badRequest('invalid message identifier specified');
    const entry = world.liveEntry(chat, Number(id));
    if (entry) found.push(entry);
  }
  if (found.length === 0) throw badRequest('message to delete not found');
  for (const entry of found) {
    if (!canDeleteMessage(world, chat, bot.id, entry)) throw badRequest("message can't be deleted");
  }
  for (const entry of found) world.deleteMessage(chat, entry.message.message_id);
  return true;
}

function answerCallbackQuery(call) {
  const { world, bot, params } = call;
  const id = params.callback_query_id === undefined ? '' : String(params.callback_query_id);
  const query = world.callbackQueries.get(id);
  const invalid = 'query is too old and response timeout expired or query ID is invalid';
  if (!query || query.botId !== bot.id || query.answer) throw badRequest(invalid);
  if (world.now() - query.date > CALLBACK_QUERY_LIFETIME_SECONDS) throw badRequest(invalid);
  if (params.text !== undefined && String(params.text).length > 200) throw badRequest('MESSAGE_TOO_LONG');
  query.answer = {
    text: params.text === undefined ? undefined : String(params.text),
    show_alert: params.show_alert === true,
    url: params.url,
    cache_time: Number.isSafeInteger(params.cache_time) ? params.cache_time : 0,
    at: world.now(),
  };
  for (const resolve of query.waiters) resolve();
  query.waiters = [];
  return true;
}

// ---- chat information --------------------------------------------------------------------------

function getChat(call) {
  const chat = openChat(call, 'read');
  return call.world.chatFullInfo(chat, call.bot.id);
}

function getChatMember(call) {
  const { world, bot, params } = call;
  const chat = openChat(call, 'read');
  const userId = requireUserId(params);
  if (!world.user(userId)) throw badRequest('user not found');
  return world.chatMemberObject(chat, userId, world.member(chat, userId), bot.id);
}

function getChatAdministrators(call) {
  const { world, bot, params } = call;
  const chat = openChat(call, 'members');
  if (chat.type === 'private') throw badRequest('there are no administrators in the private chat');
  const returnBots = params.return_bots === true;
  const result = [];
  for (const userId of chat.adminIds) {
    const record = world.member(chat, userId);
    if (!isAdminRecord(record)) continue;
    const user = world.user(userId);
    if (user && user.is_bot && userId !== bot.id && !returnBots) continue;
    const member = world.chatMemberObject(chat, userId, record, bot.id);
    if (record.status === 'creator') result.unshift(member);
    else result.push(member);
  }
  return result;
}

function getChatMemberCount(call) {
  const chat = openChat(call, 'members');
  return chat.type === 'private' ? 2 : chat.memberCount;
}

function leaveChat(call) {
  const { world, bot } = call;
  const chat = openChat(call, 'read');
  if (chat.type === 'private') throw badRequest("chat member status can't be changed in private chats");
  const record = world.member(chat, bot.id);
  if (!isActiveMember(record)) throw badRequest('USER_NOT_PARTICIPANT');
  world.setMember(chat, bot.id, null, { actorId: bot.id });
  return true;
}

// ---- moderation --------------------------------------------------------------------------------

function banChatMember(call) {
  const { world, bot, params } = call;
  const chat = openChat(call, 'write');
  const userId = requireUserId(params);
  if (chat.type === 'private') throw badRequest("can't ban members in private chats");
  requireKnownUser(world, userId);
  if (userId === bot.id) throw badRequest("can't restrict self");
  requireRight(world, chat, bot.id, 'can_restrict_members', 'not enough rights to restrict/unrestrict chat member');
  const target = world.member(chat, userId);
  checkModeratable(world, chat, target, bot.id);
  // Basic groups have no ban list: the user is only removed, and until_date does not apply.
  const record = chat.type === 'group'
    ? null
    : { status: 'kicked', userId, untilDate: normalizeUntilDate(params.until_date, world.now()) };
  if (params.revoke_messages === true) {
    for (const entry of chat.messages.values()) {
      if (!entry.deleted && entry.authorId === userId && !entry.message.sender_chat) entry.deleted = true;
    }
  }
  world.setMember(chat, userId, record, { actorId: bot.id });
  return true;
}

function unbanChatMember(call) {
  const { world, bot, params } = call;
  const chat = openChat(call, 'write');
  const userId = requireUserId(params);
  if (chat.type !== 'supergroup' && chat.type !== 'channel') {
    throw badRequest('method is available for supergroup and channel chats only');
  }
  const target = world.member(chat, userId);
  if (params.only_if_banned === true && (!target || target.status !== 'kicked')) return true;
  requireKnownUser(world, userId);
  requireRight(world, chat, bot.id, 'can_restrict_members', 'not enough rights to restrict/unrestrict chat member');
  if (!target) return true;
  checkModeratable(world, chat, target, bot.id);
  // Without only_if_banned Telegram guarantees that the user is not a member afterwards.
  world.setMember(chat, userId, null, { actorId: bot.id });
  return true;
}

function restrictChatMember(call) {
  const { world, bot, params } = call;
  const chat = openChat(call, 'write');
  const userId = requireUserId(params);
  if (params.permissions === undefined) throw badRequest("can't parse permissions JSON object");
  if (params.permissions === null || typeof params.permissions !== 'object' || Array.isArray(params.permissions)) {
    throw badRequest('object expected as permissions');
  }
  if (chat.type !== 'supergroup') throw badRequest('method is available only for supergroups');
  requireKnownUser(world, userId);
  if (userId === bot.id) throw badRequest("can't restrict self");
  requireRight(world, chat, bot.id, 'can_restrict_members', 'not enough rights to restrict/unrestrict chat member');
  const target = world.member(chat, userId);
  checkModeratable(world, chat, target, bot.id);
  const permissions = normalizePermissions(params.permissions, params.use_independent_chat_permissions === true);
  const isMember = isActiveMember(target);
  let record;
  if (PERMISSION_FIELDS.every((field) => permissions[field])) {
    // All permissions granted lifts the restriction.
    record = isMember ? { status: 'member', userId, untilDate: 0 } : null;
  } else {
    const untilDate = normalizeUntilDate(params.until_date, world.now());
    record = { status: 'restricted', userId, permissions, untilDate, isMember };
  }
  world.setMember(chat, userId, record, { actorId: bot.id, serviceMessage: false });
  return true;
}

function promoteChatMember(call) {
  const { world, bot, params } = call;
  const chat = openChat(call, 'write');
  const userId = requireUserId(params);
  if (chat.type !== 'supergroup' && chat.type !== 'channel') {
    throw badRequest('method is available for supergroup and channel chats only');
  }
  requireKnownUser(world, userId);
  if (userId === bot.id) throw badRequest("can't promote self");
  const botRights = requireRight(world, chat, bot.id, 'can_promote_members', 'not enough rights');
  const target = world.member(chat, userId);
  if (target && target.status === 'creator') throw badRequest("can't remove chat owner");
  if (target && target.status === 'administrator' && !world.canBotEdit(chat, target, bot.id)) {
    throw badRequest('CHAT_ADMIN_REQUIRED');
  }

  const requested = normalizeAdminRights(params);
  for (const field of ADMIN_RIGHT_FIELDS) {
    if (field === 'can_manage_chat' || !rightAppliesTo(field, chat.type)) continue;
    if (requested[field] && !botRights[field]) throw badRequest('RIGHT_FORBIDDEN');
  }

  if (!hasAnyAdminRight(requested)) {
    if (!target || target.status !== 'administrator') return true;
    world.setMember(chat, userId, { status: 'member', userId, untilDate: 0 }, { actorId: bot.id, serviceMessage: false });
    return true;
  }

  if (!isActiveMember(target)) throw badRequest('USER_NOT_PARTICIPANT');
  for (const field of ADMIN_RIGHT_FIELDS) {
    if (!rightAppliesTo(field, chat.type)) requested[field] = false;
  }
  const record = {
    status: 'administrator',
    userId,
    rights: requested,
    customTitle: target.status === 'administrator' ? target.customTitle : undefined,
    promotedBy: bot.id,
  };
  world.setMember(chat, userId, record, { actorId: bot.id, serviceMessage: false });
  return true;
}

function setChatAdministratorCustomTitle(call) {
  const { world, bot, params } = call;
  const chat = openChat(call, 'write');
  const userId = requireUserId(params);
  if (chat.type === 'private' || chat.type === 'channel') throw badRequest('method is available only for groups and supergroups');
  if (chat.type === 'group') throw badRequest('method is available only for supergroups');
  const title = params.custom_title === undefined ? '' : String(params.custom_title);
  const target = world.member(chat, userId);
  if (target && target.status === 'creator') throw badRequest('only the owner can edit their custom title');
  if (!target || target.status !== 'administrator') throw badRequest('user is not an administrator');
  if (!world.canBotEdit(chat, target, bot.id)) throw badRequest('not enough rights to change custom title of the user');
  if ([...title].length > 16) throw badRequest('CUSTOM_TITLE_INVALID');
  if (/\p{Extended_Pictographic}/u.test(title)) throw badRequest('CUSTOM_TITLE_EMOJI_NOT_ALLOWED');
  world.setMember(chat, userId, { ...target, customTitle: title || undefined }, { actorId: bot.id, serviceMessage: false });
  return true;
}

function senderChatHandler(ban) {
  return (call) => {
    const { world, bot, params } = call;
    const chat = openChat(call, 'write');
    if (chat.type !== 'supergroup' && chat.type !== 'channel') {
      throw badRequest('method is available for supergroup and channel chats only');
    }
    const senderChatId = params.sender_chat_id;
    if (senderChatId === undefined || senderChatId === '') throw badRequest('sender_chat_id is empty');
    if (!Number.isSafeInteger(senderChatId)) throw badRequest('sender_chat_id is not a valid Integer');
    requireRight(world, chat, bot.id, 'can_restrict_members', 'not enough rights to restrict/unrestrict chat member');
    if (!world.chat(senderChatId)) throw badRequest('chat not found');
    if (ban) chat.bannedSenderChats.add(senderChatId);
    else chat.bannedSenderChats.delete(senderChatId);
    return true;
  };
}

function setChatPermissions(call) {
  const { world, bot, params } = call;
  const chat = openChat(call, 'write');
  if (chat.type !== 'group' && chat.type !== 'supergroup') throw badRequest('method is available only for groups and supergroups');
  if (params.permissions === null || typeof params.permissions !== 'object' || Array.isArray(params.permissions)) {
    throw badRequest('object expected as permissions');
  }
  requireRight(world, chat, bot.id, 'can_restrict_members', 'not enough rights to change chat permissions');
  const permissions = normalizePermissions(params.permissions, params.use_independent_chat_permissions === true);
  if (JSON.stringify(permissions) === JSON.stringify(chat.permissions)) throw badRequest('CHAT_NOT_MODIFIED');
  chat.permissions = permissions;
  return true;
}

// ---- invite links and join requests ------------------------------------------------------------

function requireInviteRight(call, chat) {
  if (chat.type === 'private') throw badRequest("can't invite members to a private chat");
  requireRight(call.world, chat, call.bot.id, 'can_invite_users', 'not enough rights to manage chat invite link');
}

function exportChatInviteLink(call) {
  const chat = openChat(call, 'write');
  requireInviteRight(call, chat);
  if (chat.primaryInviteLink) chat.primaryInviteLink.is_revoked = true;
  chat.primaryInviteLink = call.world.newInviteLink(chat, call.bot.user, { is_primary: true });
  return chat.primaryInviteLink.invite_link;
}

function createChatInviteLink(call) {
  const { params } = call;
  const chat = openChat(call, 'write');
  requireInviteRight(call, chat);
  if (params.name !== undefined && String(params.name).length > 32) throw badRequest('invite link name is too long');
  if (params.creates_join_request === true && params.member_limit) {
    throw badRequest("member_limit can't be specified for links requiring administrator approval");
  }
  const link = call.world.newInviteLink(chat, call.bot.user, {
    name: params.name === undefined ? undefined : String(params.name),
    expire_date: Number.isSafeInteger(params.expire_date) ? params.expire_date : undefined,
    member_limit: Number.isSafeInteger(params.member_limit) ? params.member_limit : undefined,
    creates_join_request: params.creates_join_request === true,
  });
  return { ...link };
}

function revokeChatInviteLink(call) {
  const chat = openChat(call, 'write');
  requireInviteRight(call, chat);
  const link = chat.inviteLinks.get(String(call.params.invite_link || ''));
  if (!link) throw badRequest('INVITE_HASH_EXPIRED');
  link.is_revoked = true;
  if (chat.primaryInviteLink === link) {
    chat.primaryInviteLink = call.world.newInviteLink(chat, call.bot.user, { is_primary: true });
  }
  return { ...link };
}

function joinRequestHandler(approve) {
  return (call) => {
    const { world, bot, params } = call;
    const chat = openChat(call, 'write');
    const userId = requireUserId(params);
    requireRight(world, chat, bot.id, 'can_invite_users', 'not enough rights to manage chat invite link');
    const request = chat.joinRequests.get(userId);
    if (!request) throw badRequest('HIDE_REQUESTER_MISSING');
    chat.joinRequests.delete(userId);
    world.endJoinRequestContact(userId);
    if (approve) {
      if (isActiveMember(world.member(chat, userId))) throw badRequest('USER_ALREADY_PARTICIPANT');
      world.setMember(chat, userId, { status: 'member', userId, untilDate: 0 }, {
        actorId: bot.id, inviteLink: request.inviteLink, viaJoinRequest: true,
      });
    }
    return true;
  };
}

// ---- pins --------------------------------------------------------------------------------------

function requirePinRight(world, chat, botId) {
  if (chat.type === 'private') return;
  const rights = world.adminRightsOf(chat, botId);
  if (chat.type === 'channel' ? rights && rights.can_edit_messages : rights && rights.can_pin_messages) return;
  const record = world.member(chat, botId);
  if (chat.type !== 'channel' && !rights && chat.permissions.can_pin_messages &&
    (record.status !== 'restricted' || record.permissions.can_pin_messages)) return;
  throw badRequest('not enough rights to manage pinned messages in the chat');
}

function pinChatMessage(call) {
  const { world, bot, params } = call;
  const chat = openChat(call, 'write');
  const messageId = requireMessageId(params);
  requirePinRight(world, chat, bot.id);
  const message = world.liveMessage(chat, messageId);
  if (!message) throw badRequest('message to pin not found');
  chat.pinnedIds = chat.pinnedIds.filter((id) => id !== messageId);
  chat.pinnedIds.push(messageId);
  if (chat.type !== 'channel') world.postServiceMessage(chat, bot.user, { pinned_message: world.embeddedMessage(message) });
  return true;
}

function unpinChatMessage(call) {
  const { world, bot, params } = call;
  const chat = openChat(call, 'write');
  requirePinRight(world, chat, bot.id);
  if (params.message_id === undefined) {
    const pinned = world.pinnedMessage(chat);
    if (!pinned) throw badRequest('message to unpin not found');
    chat.pinnedIds = chat.pinnedIds.filter((id) => id !== pinned.message_id);
    return true;
  }
  const messageId = requireMessageId(params);
  if (!chat.pinnedIds.includes(messageId)) throw badRequest('message to unpin not found');
  chat.pinnedIds = chat.pinnedIds.filter((id) => id !== messageId);
  return true;
}

function unpinAllChatMessages(call) {
  const chat = openChat(call, 'write');
  requirePinRight(call.world, chat, call.bot.id);
  chat.pinnedIds = [];
  return true;
}

// ---- bot settings ------------------------------------------------------------------------------

function commandScopeKey(call) {
  const { world, params } = call;
  const scope = params.scope === undefined || params.scope === null || params.scope === '' ? { type: 'default' } : params.scope;
  if (typeof scope !== 'object' || Array.isArray(scope)) throw badRequest('BotCommandScope must be an Object');
  if (!COMMAND_SCOPE_TYPES.has(scope.type)) throw badRequest('unsupported bot command scope type specified');
  let chatId = null;
  let userId = null;
  if (scope.type === 'chat' || scope.type === 'chat_administrators' || scope.type === 'chat_member') {
    chatId = world.resolveChatId(typeof scope.chat_id === 'string' && /^-?\d+$/.test(scope.chat_id) ? Number(scope.chat_id) : scope.chat_id).id;
  }
  if (scope.type === 'chat_member') {
    userId = Number(scope.user_id);
    if (!world.user(userId)) throw badRequest('user not found');
  }
  const language = params.language_code ? String(params.language_code) : '';
  if (language && !/^[a-z]{2}$/.test(language)) throw badRequest('invalid language code specified');
  return JSON.stringify([scope.type, chatId, userId, language]);
}

function setMyCommands(call) {
  const commands = call.params.commands;
  if (!Array.isArray(commands)) throw badRequest('Expected an Array of BotCommand');
  if (commands.length > 100) throw badRequest('too many commands specified');
  const cleaned = commands.map((command) => {
    if (!command || typeof command !== 'object') throw badRequest('BotCommand must be an Object');
    const name = String(command.command ?? '').replace(/^\//, '');
    const description = String(command.description ?? '');
    if (!/^[a-z0-9_]{1,32}$/.test(name)) throw badRequest('BOT_COMMAND_INVALID');
    if (description.length < 1 || description.length > 256) throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    return { command: name, description };
  });
  const key = commandScopeKey(call);
  if (cleaned.length === 0) call.bot.commands.delete(key);
  else call.bot.commands.set(key, cleaned);
  return true;
}

function getMyCommands(call) {
  return (call.bot.commands.get(commandScopeKey(call)) || []).map((command) => ({ ...command }));
}

function deleteMyCommands(call) {
  call.bot.commands.delete(commandScopeKey(call));
  return true;
}

// ---- method table ------------------------------------------------------------------------------

const METHOD_LIST = [
  ['getMe', (call) => call.world.botUser(call.bot)],
  ['logOut', () => true],
  ['close', () => true],
  ['getUpdates', getUpdates],
  ['setWebhook', setWebhook],
  ['deleteWebhook', deleteWebhook],
  ['getWebhookInfo', getWebhookInfo],
  ['sendMessage', sendMessage],
  ['copyMessage', copyMessage],
  ['copyMessages', multipleHandler(true)],
  ['forwardMessage', forwardMessage],
  ['forwardMessages', multipleHandler(false)],
  ['setMessageReaction', setMessageReaction],
  ['sendPhoto', sendMediaHandler('photo')],
  ['sendDocument', sendMediaHandler('document')],
  ['sendVideo', sendMediaHandler('video')],
  ['sendAnimation', sendMediaHandler('animation')],
  ['sendAudio', sendMediaHandler('audio')],
  ['sendVoice', sendMediaHandler('voice')],
  ['sendVideoNote', sendMediaHandler('video_note')],
  ['sendSticker', sendMediaHandler('sticker')],
  ['sendChatAction', sendChatAction],
  ['editMessageText', editMessageText],
  ['editMessageCaption', editMessageCaption],
  ['editMessageReplyMarkup', editMessageReplyMarkup],
  ['deleteMessage', deleteMessage],
  ['deleteMessages', deleteMessages],
  ['answerCallbackQuery', answerCallbackQuery],
  ['getChat', getChat],
  ['getChatMember', getChatMember],
  ['getChatAdministrators', getChatAdministrators],
  ['getChatMemberCount', getChatMemberCount],
  ['getChatMembersCount', getChatMemberCount],
  ['leaveChat', leaveChat],
  ['banChatMember', banChatMember],
  ['kickChatMember', banChatMember],
  ['unbanChatMember', unbanChatMember],
  ['restrictChatMember', restrictChatMember],
  ['promoteChatMember', promoteChatMember],
  ['setChatAdministratorCustomTitle', setChatAdministratorCustomTitle],
  ['banChatSenderChat', senderChatHandler(true)],
  ['unbanChatSenderChat', senderChatHandler(false)],
  ['setChatPermissions', setChatPermissions],
  ['exportChatInviteLink', exportChatInviteLink],
  ['createChatInviteLink', createChatInviteLink],
  ['revokeChatInviteLink', revokeChatInviteLink],
  ['approveChatJoinRequest', joinRequestHandler(true)],
  ['declineChatJoinRequest', joinRequestHandler(false)],
  ['pinChatMessage', pinChatMessage],
  ['unpinChatMessage', unpinChatMessage],
  ['unpinAllChatMessages', unpinAllChatMessages],
  ['setMyCommands', setMyCommands],
  ['getMyCommands', getMyCommands],
  ['deleteMyCommands', deleteMyCommands],
];

/** Bot API methods by lower-case name: {name, handler}. Method names are case-insensitive. */
export const METHODS = new Map(METHOD_LIST.map(([name, handler]) => [name.toLowerCase(), { name, handler }]));
