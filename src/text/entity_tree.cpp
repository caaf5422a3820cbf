#include "text/entity_tree.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <tuple>

#include "text/utf8.h"

namespace warden::text {
namespace {

struct Span {
  SpanKind kind = SpanKind::kBold;
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string argument;
};

bool is_quote(SpanKind kind) {
  return kind == SpanKind::kBlockquote || kind == SpanKind::kExpandableBlockquote;
}

bool is_leaf(SpanKind kind) {
  return kind == SpanKind::kPre || kind == SpanKind::kCode || kind == SpanKind::kCustomEmoji;
}

bool is_link(SpanKind kind) { return kind == SpanKind::kTextLink; }

bool trims_whitespace(SpanKind kind) {
  return !is_quote(kind) && kind != SpanKind::kPre && kind != SpanKind::kTextLink &&
         kind != SpanKind::kCustomEmoji;
}

// Blockquotes nest outermost, then pre, then inline formatting, then code and custom emoji.
int nesting_rank(SpanKind kind) {
  if (is_quote(kind)) return 0;
  if (kind == SpanKind::kPre) return 1;
  if (kind == SpanKind::kCode || kind == SpanKind::kCustomEmoji) return 3;
  return 2;
}

std::optional<SpanKind> kind_of(std::string_view type) {
  static constexpr std::pair<std::string_view, SpanKind> kKinds[] = {
      {"bold", SpanKind::kBold},
      {"italic", SpanKind::kItalic},
      {"underline", SpanKind::kUnderline},
      {"strikethrough", SpanKind::kStrikethrough},
      {"spoiler", SpanKind::kSpoiler},
      {"code", SpanKind::kCode},
      {"pre", SpanKind::kPre},
      {"blockquote", SpanKind::kBlockquote},
      {"expandable_blockquote", SpanKind::kExpandableBlockquote},
      {"text_link", SpanKind::kTextLink},
      {"text_mention", SpanKind::kTextLink},
      {"custom_emoji", SpanKind::kCustomEmoji},
  };
  for (const auto& [name, kind] : kKinds) {
    if (name == type) return kind;
  }
  return std::nullopt;
}

bool is_detected_type(std::string_view type) {
  return type == "url" || type == "email" || type == "mention" || type == "hashtag" ||
         type == "cashtag" || type == "bot_command";
}

bool is_decimal(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Byte offsets of UTF-16 offsets. An offset inside a surrogate pair rounds outward: a start to
// the character's first byte, an end past its last byte.
class Utf16Index {
 public:
  explicit Utf16Index(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
      const DecodedChar decoded = decode_utf8(text, at);
      start_.push_back(at);
      end_.push_back(at);
      if (utf16_units(decoded.code_point) == 2) {
        start_.push_back(at);
        end_.push_back(at + decoded.size);
      }
      at += decoded.size;
    }
    start_.push_back(text.size());
    end_.push_back(text.size());
  }

  std::int64_t units() const { return static_cast<std::int64_t>(start_.size()) - 1; }
  std::size_t start_byte(std::int64_t unit) const { return start_[static_cast<std::size_t>(unit)]; }
  std::size_t end_byte(std::int64_t unit) const { return end_[static_cast<std::size_t>(unit)]; }

 private:
  std::vector<std::size_t> start_;
  std::vector<std::size_t> end_;
};

// Sets the kind-specific argument; returns false when the entity lacks its required field.
bool set_argument(const telegram::MessageEntity& entity, Span& span) {
  if (entity.type == "text_link") {
    if (!entity.url || entity.url->empty()) return false;
    span.argument = *entity.url;
  } else if (entity.type == "text_mention") {
    if (!entity.user) return false;
    span.argument = "tg://user?id=" + std::to_string(entity.user->id);
  } else if (entity.type == "custom_emoji") {
    if (!entity.custom_emoji_id || !is_decimal(*entity.custom_emoji_id)) return false;
    span.argument = *entity.custom_emoji_id;
  } else if (entity.type == "pre") {
    span.argument = entity.language.value_or("");
  }
  return true;
}

void merge_same_kind(std::vector<Span>& spans) {
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return std::tie(a.kind, a.argument, a.begin) < std::tie(b.kind, b.argument, b.begin);
  });
  std::vector<Span> merged;
  for (Span& span : spans) {
    const bool mergeable = span.kind != SpanKind::kPre && span.kind != SpanKind::kCustomEmoji;
    if (!merged.empty() && mergeable && merged.back().kind == span.kind &&
        merged.back().argument == span.argument && span.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, span.end);
    } else {
      merged.push_back(std::move(span));
    }
  }
  spans = std::move(merged);
}

void trim(std::string_view text, Span& span) {
  if (is_quote(span.kind)) {
    while (span.begin < span.end && text[span.begin] == '\n') ++span.begin;
    while (span.end > span.begin && text[span.end - 1] == '\n') --span.end;
    return;
  }
  if (!trims_whitespace(span.kind)) return;
  while (span.begin < span.end) {
    const DecodedChar decoded = decode_utf8(text, span.begin);
    if (!is_whitespace(decoded.code_point)) break;
    span.begin += decoded.size;
  }
  while (span.end > span.begin) {
    const DecodedChar decoded = decode_utf8_before(text, span.end);
    if (!is_whitespace(decoded.code_point)) break;
    span.end -= decoded.size;
  }
}

// Within a group of kinds that must not overlap, cuts each span's start back to the end of the
// spans that start before it.
void remove_overlaps(std::vector<Span>& spans, bool (*in_group)(SpanKind)) {
  std::vector<Span*> group;
  for (Span& span : spans) {
    if (in_group(span.kind)) group.push_back(&span);
  }
  std::sort(group.begin(), group.end(), [](const Span* a, const Span* b) {
    return a->begin != b->begin ? a->begin < b->begin : a->end > b->end;
  });
  std::size_t covered = 0;
  for (Span* span : group) {
    span->begin = std::min(std::max(span->begin, covered), span->end);
    covered = std::max(covered, span->end);
  }
}

// Cuts every other span back to the edge of a code, pre or custom emoji span it partly
// overlaps, and empties spans that lie inside one.
void cut_around_leaves(std::vector<Span>& spans) {
  for (const Span& leaf : spans) {
    if (!is_leaf(leaf.kind) || leaf.begin >= leaf.end) continue;
    for (Span& span : spans) {
      if (&span == &leaf || is_quote(span.kind) || is_leaf(span.kind)) continue;
      const bool covers = span.begin <= leaf.begin && span.end >= leaf.end;
      const bool overlaps = span.begin < leaf.end && leaf.begin < span.end;
      if (covers || !overlaps) continue;
      if (span.begin >= leaf.begin && span.end <= leaf.end) {
        span.end = span.begin;
      } else if (span.begin < leaf.begin) {
        span.end = leaf.begin;
      } else {
        span.begin = leaf.end;
      }
    }
  }
}

std::vector<Span> normalize(std::string_view text, std::vector<Span> spans) {
  merge_same_kind(spans);
  for (Span& span : spans) trim(text, span);
  remove_overlaps(spans, is_quote);
  remove_overlaps(spans, is_link);
  remove_overlaps(spans, is_leaf);
  cut_around_leaves(spans);
  for (Span& span : spans) trim(text, span);
  std::erase_if(spans, [](const Span& span) { return span.begin >= span.end; });
  return spans;
}

struct BuildNode {
  std::size_t span = 0;
  std::size_t begin = 0;
  std::size_t end = 0;
  std::vector<std::size_t> children;
};

// The spans open over [begin, end), outermost first. Inside a pre only quotes stay open.
std::vector<std::size_t> open_spans(const std::vector<Span>& spans, std::size_t begin,
                                    std::size_t end) {
  std::vector<std::size_t> open;
  bool in_pre = false;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    if (spans[i].begin <= begin && spans[i].end >= end) {
      open.push_back(i);
      in_pre = in_pre || spans[i].kind == SpanKind::kPre;
    }
  }
  if (in_pre) {
    std::erase_if(open, [&](std::size_t i) {
      return !is_quote(spans[i].kind) && spans[i].kind != SpanKind::kPre;
    });
  }
  // The order depends only on the spans, so a span keeps its place while it stays open.
  std::sort(open.begin(), open.end(), [&](std::size_t a, std::size_t b) {
    const Span& x = spans[a];
    const Span& y = spans[b];
    return std::make_tuple(nesting_rank(x.kind), x.begin, y.end, x.kind, a) <
           std::make_tuple(nesting_rank(y.kind), y.begin, x.end, y.kind, b);
  });
  return open;
}

// Walks the segments between span edges and opens and closes pieces so that each segment has
// exactly its open spans on the stack. Node 0 is the root.
std::vector<BuildNode> build_pieces(const std::vector<Span>& spans, std::size_t text_size) {
  std::vector<std::size_t> edges = {0, text_size};
  for (const Span& span : spans) {
    edges.push_back(span.begin);
    edges.push_back(span.end);
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());

  std::vector<BuildNode> nodes(1);
  nodes[0].end = text_size;
  std::vector<std::size_t> stack = {0};
  for (std::size_t k = 0; k + 1 < edges.size(); ++k) {
    const std::vector<std::size_t> open = open_spans(spans, edges[k], edges[k + 1]);
    std::size_t common = 0;
    while (common < open.size() && common + 1 < stack.size() &&
           nodes[stack[common + 1]].span == open[common]) {
      ++common;
    }
    while (stack.size() > common + 1) {
      nodes[stack.back()].end = edges[k];
      stack.pop_back();
    }
    for (std::size_t i = common; i < open.size(); ++i) {
      nodes.push_back(BuildNode{open[i], edges[k], text_size, {}});
      nodes[stack.back()].children.push_back(nodes.size() - 1);
      stack.push_back(nodes.size() - 1);
    }
  }
  return nodes;
}

// Converts a piece and its children, trimming whitespace that the kind does not keep at its
// edges; returns false when nothing is left of it.
bool to_entity_node(std::string_view text, const std::vector<Span>& spans,
                    const std::vector<BuildNode>& nodes, std::size_t id, EntityNode& out) {
  const BuildNode& node = nodes[id];
  for (std::size_t child_id : node.children) {
    EntityNode child;
    if (to_entity_node(text, spans, nodes, child_id, child)) out.children.push_back(child);
  }
  const Span& span = spans[node.span];
  out.kind = span.kind;
  out.argument = span.argument;
  Span piece{span.kind, node.begin, node.end, {}};
  if (!out.children.empty()) {
    // Trimming stops at the children, which are trimmed already.
    Span head{span.kind, node.begin, out.children.front().begin, {}};
    Span tail{span.kind, out.children.back().end, node.end, {}};
    trim(text, head);
    trim(text, tail);
    piece.begin = head.begin == head.end ? out.children.front().begin : head.begin;
    piece.end = tail.begin == tail.end ? out.children.back().end : tail.end;
  } else {
    trim(text, piece);
  }
  out.begin = piece.begin;
  out.end = piece.end;
  return out.begin < out.end;
}

}  // namespace

EntityTree build_entity_tree(std::string_view text,
                             std::span<const telegram::MessageEntity> entities) {
  const Utf16Index index(text);
  EntityTree tree;
  std::vector<Span> spans;
  for (const telegram::MessageEntity& entity : entities) {
    const std::int64_t begin = std::max<std::int64_t>(0, entity.offset);
    const std::int64_t end =
        std::min<std::int64_t>(index.units(), std::int64_t{entity.offset} + entity.length);
    if (entity.length <= 0 || begin >= end) continue;
    const std::size_t begin_byte = index.start_byte(begin);
    const std::size_t end_byte = index.end_byte(end);
    if (is_detected_type(entity.type)) {
      tree.detected.emplace_back(begin_byte, end_byte);
      continue;
    }
    const std::optional<SpanKind> kind = kind_of(entity.type);
    if (!kind) continue;
    Span span{*kind, begin_byte, end_byte, {}};
    if (set_argument(entity, span)) spans.push_back(std::move(span));
  }

  spans = normalize(text, std::move(spans));
  const std::vector<BuildNode> nodes = build_pieces(spans, text.size());
  for (std::size_t child_id : nodes[0].children) {
    EntityNode node;
    if (to_entity_node(text, spans, nodes, child_id, node)) tree.roots.push_back(node);
  }
  return tree;
}

}  // namespace warden::text
