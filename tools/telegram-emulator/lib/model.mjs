// Bot API constants and pure helpers for permissions, administrator rights and ChatMember objects.

/** ChatPermissions fields, in Bot API order. */
export const PERMISSION_FIELDS = [
  'can_send_messages', 'can_send_audios', 'can_send_documents', 'can_send_photos',
  'can_send_videos', 'can_send_video_notes', 'can_send_voice_notes', 'can_send_polls',
  'can_send_other_messages', 'can_add_web_page_previews', 'can_react_to_messages', 'can_edit_tag',
  'can_change_info', 'can_invite_users', 'can_pin_messages', 'can_manage_topics',
];

// Permissions that can_send_other_messages and can_add_web_page_previews imply unless
// use_independent_chat_permissions is set.
const MEDIA_PERMISSIONS = [
  'can_send_messages', 'can_send_audios', 'can_send_documents', 'can_send_photos',
  'can_send_videos', 'can_send_video_notes', 'can_send_voice_notes',
];

/** The permission that each kind of message content needs, and the noun Telegram's error text uses. */
export const CONTENT_PERMISSIONS = {
  text: ['can_send_messages', 'text messages'],
  photo: ['can_send_photos', 'photos'],
  document: ['can_send_documents', 'documents'],
  video: ['can_send_videos', 'videos'],
  animation: ['can_send_other_messages', 'animations'],
  audio: ['can_send_audios', 'audio files'],
  voice: ['can_send_voice_notes', 'voice notes'],
  video_note: ['can_send_video_notes', 'video notes'],
  sticker: ['can_send_other_messages', 'stickers'],
  contact: ['can_send_messages', 'text messages'],
  location: ['can_send_messages', 'text messages'],
  venue: ['can_send_messages', 'text messages'],
  dice: ['can_send_other_messages', 'dice'],
  poll: ['can_send_polls', 'polls'],
};

/**
 * The emoji a ReactionTypeEmoji may hold, as the Bot API documentation lists them. Some are
 * written without the variation selector U+FE0F, and four are ZWJ sequences.
 */
export const STANDARD_REACTION_EMOJI = new Set([
  '\u{1F44D}', '\u{1F44E}', '\u2764', '\u{1F525}', '\u{1F970}', '\u{1F44F}', '\u{1F601}', '\u{1F914}', '\u{1F92F}',
  '\u{1F631}', '\u{1F92C}', '\u{1F622}', '\u{1F389}', '\u{1F929}', '\u{1F92E}', '\u{1F4A9}', '\u{1F64F}', '\u{1F44C}',
  '\u{1F54A}', '\u{1F921}', '\u{1F971}', '\u{1F974}', '\u{1F60D}', '\u{1F433}', '\u2764\u200D\u{1F525}', '\u{1F31A}',
  '\u{1F32D}', '\u{1F4AF}', '\u{1F923}', '\u26A1', '\u{1F34C}', '\u{1F3C6}', '\u{1F494}', '\u{1F928}', '\u{1F610}',
  '\u{1F353}', '\u{1F37E}', '\u{1F48B}', '\u{1F595}', '\u{1F608}', '\u{1F634}', '\u{1F62D}', '\u{1F913}', '\u{1F47B}',
  '\u{1F468}\u200D\u{1F4BB}', '\u{1F440}', '\u{1F383}', '\u{1F648}', '\u{1F607}', '\u{1F628}', '\u{1F91D}', '\u270D',
  '\u{1F917}', '\u{1FAE1}', '\u{1F385}', '\u{1F384}', '\u2603', '\u{1F485}', '\u{1F92A}', '\u{1F5FF}', '\u{1F192}',
  '\u{1F498}', '\u{1F649}', '\u{1F984}', '\u{1F618}', '\u{1F48A}', '\u{1F64A}', '\u{1F60E}', '\u{1F47E}',
  '\u{1F937}\u200D\u2642', '\u{1F937}', '\u{1F937}\u200D\u2640', '\u{1F621}',
]);

/**
 * Returns the fields older than forward_origin that the Bot API still sets on forwarded messages:
 * forward_from, forward_from_chat, forward_from_message_id, forward_signature,
 * forward_sender_name and forward_date.
 */
export function legacyForwardFields(origin) {
  const fields = {};
  switch (origin.type) {
    case 'user':
      fields.forward_from = origin.sender_user;
      break;
    case 'hidden_user':
      if (origin.sender_user_name) fields.forward_sender_name = origin.sender_user_name;
      break;
    case 'chat':
      fields.forward_from_chat = origin.sender_chat;
      if (origin.author_signature) fields.forward_signature = origin.author_signature;
      break;
    case 'channel':
      fields.forward_from_chat = origin.chat;
      fields.forward_from_message_id = origin.message_id;
      if (origin.author_signature) fields.forward_signature = origin.author_signature;
      break;
    default:
      break;
  }
  fields.forward_date = origin.date;
  return fields;
}

/** ChatAdministratorRights boolean fields besides is_anonymous, in Bot API order. */
export const ADMIN_RIGHT_FIELDS = [
  'can_manage_chat', 'can_delete_messages', 'can_manage_video_chats', 'can_restrict_members',
  'can_promote_members', 'can_change_info', 'can_invite_users', 'can_post_stories',
  'can_edit_stories', 'can_delete_stories', 'can_post_messages', 'can_edit_messages',
  'can_pin_messages', 'can_manage_topics', 'can_manage_direct_messages', 'can_manage_tags',
];

const CHANNEL_ONLY_RIGHTS = new Set(['can_post_messages', 'can_edit_messages', 'can_manage_direct_messages']);
const GROUP_ONLY_RIGHTS = new Set(['can_pin_messages', 'can_manage_topics', 'can_manage_tags']);

/** The `from` of messages that an anonymous group administrator sends. */
export const ANONYMOUS_ADMIN_USER = Object.freeze({
  id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot',
});

/** The `from` of messages that a user sends on behalf of a channel in a group. */
export const CHANNEL_BOT_USER = Object.freeze({
  id: 136817688, is_bot: true, first_name: 'Channel', username: 'Channel_Bot',
});

/** The `from` of automatic forwards from a linked channel into its discussion group. */
export const TELEGRAM_SERVICE_USER = Object.freeze({ id: 777000, is_bot: false, first_name: 'Telegram' });

/** Every Update field besides update_id, i.e. the values allowed_updates may contain. */
export const UPDATE_TYPES = [
  'message', 'edited_message', 'channel_post', 'edited_channel_post', 'business_connection',
  'business_message', 'edited_business_message', 'deleted_business_messages', 'guest_message',
  'message_reaction', 'message_reaction_count', 'inline_query', 'chosen_inline_result',
  'callback_query', 'shipping_query', 'pre_checkout_query', 'purchased_paid_media', 'poll',
  'poll_answer', 'my_chat_member', 'chat_member', 'chat_join_request', 'chat_boost',
  'removed_chat_boost', 'managed_bot',
];

const UPDATE_TYPE_SET = new Set(UPDATE_TYPES);

/** Update types that a bot receives only when it lists them in allowed_updates. */
export const OPT_IN_UPDATE_TYPES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

/** Returns the type of an Update object: its first field other than update_id. */
export function updateType(update) {
  for (const key of Object.keys(update)) {
    if (key !== 'update_id' && UPDATE_TYPE_SET.has(key)) return key;
  }
  for (const key of Object.keys(update)) {
    if (key !== 'update_id') return key;
  }
  return 'unknown';
}

/**
 * Converts an allowed_updates value into a Set of accepted types. An empty list means every
 * type except the opt-in ones, like Telegram.
 */
export function allowedUpdateSet(list) {
  const requested = Array.isArray(list) ? list.filter((type) => typeof type === 'string') : [];
  if (requested.length === 0) return defaultAllowedUpdates();
  return new Set(requested);
}

export function defaultAllowedUpdates() {
  return new Set(UPDATE_TYPES.filter((type) => !OPT_IN_UPDATE_TYPES.has(type)));
}

/** Permissions of a new group: members may send everything but may not change the chat. */
export function defaultChatPermissions() {
  const permissions = {};
  for (const field of PERMISSION_FIELDS) permissions[field] = true;
  permissions.can_change_info = false;
  permissions.can_pin_messages = false;
  permissions.can_manage_topics = false;
  return permissions;
}

/**
 * Builds a complete ChatPermissions object from a partial one. Missing fields are false. Without
 * independent permissions, the legacy implications of the Bot API apply.
 */
export function normalizePermissions(input, independent = false) {
  const source = input && typeof input === 'object' ? input : {};
  const permissions = {};
  for (const field of PERMISSION_FIELDS) permissions[field] = source[field] === true || source[field] === 'true';
  if (!independent) {
    if (permissions.can_send_other_messages || permissions.can_add_web_page_previews) {
      for (const field of MEDIA_PERMISSIONS) permissions[field] = true;
    }
    if (permissions.can_send_polls) permissions.can_send_messages = true;
  }
  return permissions;
}

/** Builds a complete set of administrator rights; any right implies can_manage_chat. */
export function normalizeAdminRights(input) {
  const source = input && typeof input === 'object' ? input : {};
  const rights = { is_anonymous: source.is_anonymous === true };
  let any = false;
  for (const field of ADMIN_RIGHT_FIELDS) {
    rights[field] = source[field] === true;
    if (rights[field]) any = true;
  }
  if (any) rights.can_manage_chat = true;
  return rights;
}

export function hasAnyAdminRight(rights) {
  return rights.is_anonymous || ADMIN_RIGHT_FIELDS.some((field) => rights[field]);
}

export function allAdminRights() {
  const rights = { is_anonymous: false };
  for (const field of ADMIN_RIGHT_FIELDS) rights[field] = true;
  return rights;
}

/** Returns whether the administrator right applies to chats of this type. */
export function rightAppliesTo(field, chatType) {
  if (chatType === 'channel') return !GROUP_ONLY_RIGHTS.has(field);
  return !CHANNEL_ONLY_RIGHTS.has(field);
}

/** Normalises until_date: less than 30 seconds or more than 366 days from now means forever (0). */
export function normalizeUntilDate(untilDate, now) {
  const value = Number(untilDate) || 0;
  if (value <= 0) return 0;
  const delta = value - now;
  if (delta < 30 || delta > 366 * 86400) return 0;
  return value;
}
