// Files: the media objects of messages (PhotoSize arrays, Sticker, Video, ...) and the register of
// every file_id the emulator has seen. As in Telegram, sending by file_id works only for files
// that exist and are of a kind the method accepts.

import { createHash, randomBytes } from 'node:crypto';
import { badRequest } from './errors.mjs';

/** Message fields that carry a file, in the order copyMessage looks for them. */
export const MEDIA_KINDS = ['photo', 'video', 'animation', 'document', 'sticker', 'audio', 'voice', 'video_note'];

/** Kinds that take no caption: the Bot API has no caption parameter for them. */
export const CAPTIONLESS_KINDS = new Set(['sticker', 'video_note']);

// Telegram's names for file types, as its "can't use file of type X as Y" error spells them.
const FILE_TYPE_NAMES = {
  photo: 'Photo', video: 'Video', animation: 'Animation', document: 'Document', sticker: 'Sticker',
  audio: 'Audio', voice: 'VoiceNote', video_note: 'VideoNote',
};

// The first characters of Telegram file ids of each kind, so generated ids look familiar.
const FILE_ID_PREFIXES = {
  photo: 'AgACAgIAAxkBAAI', video: 'BAACAgIAAxkBAAI', animation: 'CgACAgIAAxkBAAI', document: 'BQACAgIAAxkBAAI',
  sticker: 'CAACAgIAAxkBAAI', audio: 'CQACAgIAAxkBAAI', voice: 'AwACAgIAAxkBAAI', video_note: 'DQACAgIAAxkBAAI',
};

const DEFAULT_MIME_TYPES = {
  video: 'video/mp4', animation: 'video/mp4', audio: 'audio/mpeg', voice: 'audio/ogg', document: 'application/octet-stream',
};

function uniqueFileId(seed) {
  return createHash('sha1').update(seed).digest('base64url').slice(0, 16);
}

function isUpload(input) {
  return input !== null && typeof input === 'object' && input.data instanceof Buffer;
}

/** Returns the file_id of the largest photo size, or of the other media. */
export function mainFileId(kind, media) {
  return kind === 'photo' ? media[media.length - 1].file_id : media.file_id;
}

/**
 * Builds the media object of a new file from its file_id and optional details
 * {file_name, mime_type, file_size, ...fields of the object}. A photo gets two sizes: a 90x90
 * thumbnail with a derived file_id and the given file_id at 800x800.
 */
export function buildMedia(kind, fileId, details = {}) {
  const size = Number.isSafeInteger(details.file_size) ? details.file_size : 1024;
  const base = { file_id: fileId, file_unique_id: uniqueFileId(fileId) };
  const named = (object) => {
    if (details.file_name) object.file_name = details.file_name;
    object.mime_type = details.mime_type || DEFAULT_MIME_TYPES[kind];
    object.file_size = size;
    return object;
  };
  switch (kind) {
    case 'photo': {
      const smallId = `${fileId}_s`;
      return [
        { file_id: smallId, file_unique_id: uniqueFileId(smallId), file_size: Math.max(1, Math.ceil(size / 10)), width: 90, height: 90 },
        { ...base, file_size: size, width: 800, height: 800 },
      ];
    }
    case 'sticker': {
      const sticker = { ...base, type: 'regular', width: 512, height: 512, is_animated: false, is_video: false };
      if (details.emoji) sticker.emoji = details.emoji;
      sticker.file_size = size;
      return sticker;
    }
    case 'video':
      return named({ ...base, width: 640, height: 360, duration: 5 });
    case 'animation':
      return named({ ...base, width: 480, height: 270, duration: 3 });
    case 'video_note':
      return { ...base, length: 240, duration: 5, file_size: size };
    case 'voice':
      return named({ ...base, duration: 3 });
    case 'audio':
      return named({ ...base, duration: 180 });
    default:
      return named({ ...base });
  }
}

/**
 * Returns the Message fields for a file: {[kind]: media}, plus `document` for an animation,
 * because the Bot API also sets it for backward compatibility.
 */
export function mediaFields(kind, media) {
  const fields = { [kind]: media };
  if (kind === 'animation') {
    const document = { file_id: media.file_id, file_unique_id: media.file_unique_id };
    if (media.thumbnail) document.thumbnail = media.thumbnail;
    if (media.file_name) document.file_name = media.file_name;
    if (media.mime_type) document.mime_type = media.mime_type;
    if (media.file_size !== undefined) document.file_size = media.file_size;
    fields.document = document;
  }
  return fields;
}

/** Returns the media kind of a message: photo, video, animation, ... or null. */
export function messageMediaKind(message) {
  return MEDIA_KINDS.find((kind) => message[kind] !== undefined) || null;
}

/** Every file_id the emulator has seen, with its kind and media object. */
export class FileStore {
  constructor() {
    this.clear();
  }

  clear() {
    this.files = new Map();
    this.nextNumber = 1;
  }

  /** Remembers every file_id of a media object (all photo sizes and thumbnails). */
  register(kind, media) {
    const entry = { kind, media };
    const sizes = kind === 'photo' ? media : [media];
    for (const item of sizes) {
      this.files.set(item.file_id, entry);
      if (item.thumbnail && item.thumbnail.file_id && !this.files.has(item.thumbnail.file_id)) {
        this.files.set(item.thumbnail.file_id, { kind: 'photo', media: [item.thumbnail] });
      }
    }
    return entry;
  }

  lookup(fileId) {
    return this.files.get(fileId) || null;
  }

  newFileId(kind) {
    const number = String(this.nextNumber++).padStart(6, '0');
    return `${FILE_ID_PREFIXES[kind]}${number}${randomBytes(12).toString('base64url')}`;
  }

  /**
   * Resolves the file a bot passes to a send method. An upload or an HTTP URL makes a new file,
   * and a file_id must be known and of a kind the method accepts. Returns {kind, media}, where
   * kind is the file's own kind, so an animation sent with sendDocument stays an animation.
   * Raises Telegram's errors.
   */
  resolveForBot(kind, input, extra = {}) {
    if (isUpload(input)) {
      const media = buildMedia(kind, this.newFileId(kind), {
        file_name: input.filename, mime_type: input.content_type, file_size: input.size, emoji: extra.emoji,
      });
      return this.register(kind, media);
    }
    if (typeof input !== 'string' || input.trim() === '') throw badRequest(`there is no ${kind} in the request`);
    const value = input.trim();
    if (/^https?:\/\/[^/?#]*\.[^/?#]/i.test(value)) {
      // NOTE: Telegram downloads the URL; the emulator makes a file without fetching anything.
      const fileName = decodeURIComponent(new URL(value).pathname.split('/').pop() || '') || undefined;
      return this.register(kind, buildMedia(kind, this.newFileId(kind), { file_name: fileName, emoji: extra.emoji }));
    }
    const known = this.lookup(value);
    if (!known) throw badRequest('wrong file identifier/HTTP URL specified');
    // Sending any size of a photo sends the whole photo.
    if (known.kind === kind) return known;
    if ((known.kind === 'photo') !== (kind === 'photo')) {
      throw badRequest(`can't use file of type ${FILE_TYPE_NAMES[known.kind]} as ${FILE_TYPE_NAMES[kind]}`);
    }
    if (kind === 'document' && known.kind === 'animation') return known;
    throw badRequest('wrong file identifier/HTTP URL specified');
  }

  /**
   * Resolves the media of a message a test injects: a file_id string (known or new), or the media
   * object itself (a PhotoSize array or one PhotoSize for photos, an object with file_id for the
   * others), completed with defaults. Raises a plain Error for input it can't use.
   */
  resolveForUser(kind, input) {
    if (typeof input === 'string') {
      if (input === '') throw new Error(`${kind} must be a non-empty file_id or a ${kind} object`);
      const known = this.lookup(input);
      if (known) {
        if (known.kind !== kind && !(kind === 'document' && known.kind === 'animation')) {
          throw new Error(`file_id ${input} is already known as a file of kind ${known.kind}; use another file_id for the ${kind}`);
        }
        return known;
      }
      return this.register(kind, buildMedia(kind, input));
    }
    if (kind === 'photo') {
      const sizes = Array.isArray(input) ? input : [input];
      if (sizes.length === 0) throw new Error('photo must be a file_id or a non-empty array of PhotoSize objects');
      const photo = sizes.map((size, index) => {
        if (!size || typeof size !== 'object' || typeof size.file_id !== 'string' || size.file_id === '') {
          throw new Error(`photo[${index}] must be a PhotoSize object with a file_id string`);
        }
        const side = 90 * (index + 1);
        return { file_unique_id: uniqueFileId(size.file_id), width: side, height: side, file_size: 1024, ...size };
      });
      return this.register(kind, photo);
    }
    if (!input || typeof input !== 'object' || Array.isArray(input) || typeof input.file_id !== 'string' || input.file_id === '') {
      throw new Error(`${kind} must be a file_id string or an object with a file_id string`);
    }
    return this.register(kind, { ...buildMedia(kind, input.file_id, input), ...input });
  }
}
