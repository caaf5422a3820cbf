#pragma once

// Telegram message entities (UTF-16 offsets, possibly overlapping) turned into a properly
// nested tree over the UTF-8 text, the shape a markup language can write.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "telegram/types.h"

namespace warden::text {

// Formatting kinds; the order is the nesting order for spans with the same range (a link
// outside bold, underline outside italic).
enum class SpanKind {
  kBlockquote,
  kExpandableBlockquote,
  kPre,
  kTextLink,  // also text_mention, as a tg://user?id= link
  kBold,
  kUnderline,
  kItalic,
  kStrikethrough,
  kSpoiler,
  kCode,
  kCustomEmoji,
};

struct EntityNode {
  SpanKind kind = SpanKind::kBold;
  std::size_t begin = 0;  // bytes of the text
  std::size_t end = 0;
  std::string argument;  // the URL of a link, the language of pre, the id of a custom emoji
  std::vector<EntityNode> children;  // in text order, inside [begin, end)
};

struct EntityTree {
  std::vector<EntityNode> roots;
  // Byte ranges of entities Telegram detects by itself (url, email, mention, hashtag, cashtag,
  // bot_command): no markup, but their text must stay literal.
  std::vector<std::pair<std::size_t, std::size_t>> detected;
};

// Builds the tree. Entities out of range are clamped, unknown types and entities without their
// required field are skipped, and overlaps are resolved so that:
// - blockquotes are outermost, and pre blocks are at the top level or directly in a quote.
//   Other entities that cross them are split, and their parts inside a pre are dropped;
// - code, pre and custom emoji contain nothing, and an entity that partly overlaps one of them
//   is cut back to its edge; links do not nest;
// - entities of the same kind that overlap or touch are merged;
// - bold, italic, underline, strikethrough, spoiler and code pieces start and end with a
//   non-whitespace character, blockquotes with a character other than a line break;
// - an entity that ends inside another one opened later is split there.
EntityTree build_entity_tree(std::string_view text,
                             std::span<const telegram::MessageEntity> entities);

}  // namespace warden::text
