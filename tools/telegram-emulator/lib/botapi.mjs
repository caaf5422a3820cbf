// Bot API method handlers. Each handler receives a call {world, bot, params, services} with
// normalised params and returns the method's result (or a Promise of it), or throws an ApiError
// carrying Telegram's error text.

import { badRequest } from './errors.mjs';
import {
  ADMIN_RIGHT_FIELDS, CONTENT_PERMISSIONS, PERMISSION_FIELDS, hasAnyAdminRight, normalizeAdminRights,
  normalizePermissions, normalizeUntilDate, rightAppliesTo,
} from './model.mjs';
import { parseBoolean } from './params.mjs';
import { detectEntities, formatText, trimText } from './text.mjs';
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

const INLINE_BUTTON_ACTIONS = [
  'url', 'callback_data', 'web_app', 'login_url', 'switch_inline_query',
  'switch_inline_query_current_chat', 'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay',
];

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

/** Parses text or a caption in the requested parse mode, trims it and adds detected entities. */
function prepareText(world, rawText, parseMode, explicitEntities) {
  if (explicitEntities !== undefined && !Array.isArray(explicitEntities)) throw badRequest("can't parse entities JSON object");
  const source = rawText === undefined || rawText === null ? '' : String(rawText);
  const formatted = formatText(source, parseMode, explicitEntities, { resolveUser: (id) => world.user(id) });
  const trimmed = trimText(formatted.text, formatted.entities);
  return { text: trimmed.text, entities: detectEntities(trimmed.text, trimmed.entities) };
}

function prepareMessageText(world, params) {
  if (params.text === undefined || params.text === null || String(params.text).length === 0) {
    throw badRequest('message text is empty');
  }
  const prepared = prepareText(world, params.text, params.parse_mode, params.entities);
  if (prepared.text.length === 0) throw badRequest('message text is empty');
  if (prepared.text.length > MAX_TEXT_LENGTH) throw badRequest('message is too long');
  return prepared;
}

function prepareCaption(world, params) {
  if (params.caption === undefined || params.caption === null || params.caption === '') return null;
  const prepared = prepareText(world, params.caption, params.parse_mode, params.caption_entities);
  if (prepared.text.length > MAX_CAPTION_LENGTH) throw badRequest('message caption is too long');
  return prepared.text.length > 0 ? prepared : null;
}

/**
 * Validates reply_markup. Returns the InlineKeyboardMarkup to store in the message, or null for no
 * markup or a reply keyboard (those are not part of the Message object).
 */
function validateReplyMarkup(markup) {
  if (markup === undefined || markup === null || markup === '') return null;
  if (typeof markup !== 'object' || Array.isArray(markup)) throw badRequest('object expected as reply markup');
  if (!('inline_keyboard' in markup)) {
    if ('keyboard' in markup || 'remove_keyboard' in markup || 'force_reply' in markup) return null;
    throw badRequest("can't parse reply keyboard markup JSON object");
  }
  const rows = markup.inline_keyboard;
  if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row))) {
    throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  }
  for (const row of rows) {
    for (const button of row) validateInlineButton(button);
  }
  return { inline_keyboard: rows.map((row) => row.map((button) => ({ ...button }))) };
}

function validateInlineButton(button) {
  const prefix = "can't parse inline keyboard button: ";
  if (button === null || typeof button !== 'object' || Array.isArray(button)) {
    throw badRequest(`${prefix}InlineKeyboardButton must be an Object`);
  }
  if (typeof button.text !== 'string') throw badRequest(`${prefix}Field "text" must be of type String`);
  if (!INLINE_BUTTON_ACTIONS.some((action) => button[action] !== undefined)) {
    throw badRequest(`${prefix}Text buttons are unallowed in the inline keyboard`);
  }
  if (button.callback_data !== undefined) {
    if (typeof button.callback_data !== 'string') throw badRequest(`${prefix}Field "callback_data" must be of type String`);
    if (Buffer.byteLength(button.callback_data, 'utf8') > MAX_CALLBACK_DATA_BYTES) throw badRequest('BUTTON_DATA_INVALID');
  }
  if (button.url !== undefined) {
    if (typeof button.url !== 'string' || !/^(https?|tg):\/\/\S+$/i.test(button.url)) throw badRequest('BUTTON_URL_INVALID');
  }
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
  return { fields, finish: (message) => finishMessage(message, params, markup) };
}

function finishMessage(message, params, markup) {
  if (params.link_preview_options && typeof params.link_preview_options === 'object') {
    message.link_preview_options = { ...params.link_preview_options };
  } else if (params.disable_web_page_preview === true) {
    message.link_preview_options = { is_disabled: true };
  }
  if (markup) message.reply_markup = markup;
  if (params.protect_content === true) message.has_protected_content = true;
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
    const chat = openChat(call, 'write');
    const media = world.mediaObject(kind, params[kind]);
    checkBotMaySend(world, chat, bot.id, kind);
    const caption = kind === 'sticker' || kind === 'video_note' ? null : prepareCaption(world, params);
    const reply = resolveReply(world, chat, params);
    const markup = validateReplyMarkup(params.reply_markup);
    services.limits.check(bot.id, chat);
    const { fields, finish } = commonMessageFields(world, chat, params, reply, markup);
    fields[kind] = media;
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

// The kinds of content copyMessage carries over; service messages cannot be copied.
const COPYABLE_KINDS = ['photo', 'video', 'animation', 'document', 'sticker', 'audio', 'voice', 'video_note'];

function copyMessage(call) {
  const { world, bot, params, services } = call;
  const chat = openChat(call, 'write');
  const source = world.resolveChatId(params.from_chat_id, 'read');
  world.checkChatAccess(source, bot.id, 'read');
  const original = world.liveMessage(source, requireMessageId(params));
  if (!original) throw badRequest('message to copy not found');
  const kind = COPYABLE_KINDS.find((name) => original[name] !== undefined) || (original.text !== undefined ? 'text' : null);
  if (!kind) throw badRequest("message can't be copied");
  checkBotMaySend(world, chat, bot.id, kind);
  const reply = resolveReply(world, chat, params);
  const markup = validateReplyMarkup(params.reply_markup);
  services.limits.check(bot.id, chat);
  const { fields, finish } = commonMessageFields(world, chat, params, reply, markup);
  if (kind === 'text') {
    fields.text = original.text;
    if (original.entities) fields.entities = original.entities;
  } else {
    fields[kind] = original[kind];
    // A caption given in the call replaces the original one.
    const caption = params.caption !== undefined ? prepareCaption(world, params) : null;
    if (caption) {
      fields.caption = caption.text;
      if (caption.entities.length > 0) fields.caption_entities = caption.entities;
    } else if (original.caption !== undefined) {
      fields.caption = original.caption;
      if (original.caption_entities) fields.caption_entities = original.caption_entities;
    }
  }
  const message = world.createMessage(chat, botSender(chat, bot, fields));
  finish(message);
  services.limits.record(bot.id, chat);
  return { message_id: message.message_id };
}

function setMessageReaction(call) {
  const { world, params } = call;
  const chat = openChat(call, 'read');
  const message = world.liveMessage(chat, requireMessageId(params));
  if (!message) throw badRequest('message to react not found');
  const reaction = params.reaction === undefined ? [] : params.reaction;
  if (!Array.isArray(reaction)) throw badRequest('reaction must be an array');
  for (const item of reaction) {
    if (!item || (item.type !== 'emoji' && item.type !== 'custom_emoji' && item.type !== 'paid')) {
      throw badRequest('REACTION_INVALID');
    }
    if (item.type === 'emoji' && (typeof item.emoji !== 'string' || item.emoji === '')) throw badRequest('REACTION_INVALID');
  }
  if (reaction.length > 1) throw badRequest('REACTIONS_TOO_MANY');
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
