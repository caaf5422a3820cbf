#include "text/entities_to_markdown.h"

#include <vector>

#include "text/entity_tree.h"
#include "text/markdown_syntax.h"
#include "text/utf8.h"

namespace warden::text {
namespace {

enum class PieceType { kText, kVerbatim, kOpen, kClose, kQuoteOpen, kQuoteClose };

// One character of text or one delimiter, before the pass that looks at its neighbours.
struct Piece {
  PieceType type = PieceType::kText;
  std::string out;
  char32_t code_point = 0;  // kText only
  // Delimiters whose neighbours obey the open and close rules: emphasis, code and pre.
  bool delimiter = false;
};

bool is_marker(const Piece& piece) {
  return piece.type != PieceType::kText && piece.type != PieceType::kVerbatim;
}

struct Context {
  std::string escaped;  // characters to escape in text: enclosing delimiters, link brackets
  bool in_quote = false;
};

struct Delimiters {
  std::string_view open;
  std::string_view close;
};

Delimiters emphasis_delimiters(SpanKind kind) {
  switch (kind) {
    case SpanKind::kBold:
      return {"*", "*"};
    case SpanKind::kItalic:
      return {"_", "_"};
    case SpanKind::kUnderline:
      return {"__", "__"};
    case SpanKind::kStrikethrough:
      return {"~", "~"};
    case SpanKind::kSpoiler:
      return {"||", "||"};
    default:
      return {};
  }
}

class Emitter {
 public:
  Emitter(std::string_view text, const EntityTree& tree) : text_(text), tree_(tree) {
    detected_.assign(text.size(), false);
    for (const auto& [begin, end] : tree.detected) {
      for (std::size_t at = begin; at < end; ++at) detected_[at] = true;
    }
  }

  std::string run() {
    emit_children(0, text_.size(), tree_.roots, Context{});
    return join();
  }

 private:
  void emit_children(std::size_t begin, std::size_t end, const std::vector<EntityNode>& children,
                     const Context& context);
  void emit_node(const EntityNode& node, const Context& context);
  void emit_text(std::size_t begin, std::size_t end, const Context& context);
  void emit_code_text(std::size_t begin, std::size_t end, bool inline_code, const Context& context);
  void add_marker(PieceType type, std::string out, bool delimiter) {
    pieces_.push_back(Piece{type, std::move(out), 0, delimiter});
  }
  std::string join() const;

  std::string_view text_;
  const EntityTree& tree_;
  std::vector<bool> detected_;
  std::vector<Piece> pieces_;
};

void Emitter::emit_children(std::size_t begin, std::size_t end,
                            const std::vector<EntityNode>& children, const Context& context) {
  std::size_t cursor = begin;
  for (const EntityNode& child : children) {
    emit_text(cursor, child.begin, context);
    emit_node(child, context);
    cursor = child.end;
  }
  emit_text(cursor, end, context);
}

void Emitter::emit_node(const EntityNode& node, const Context& context) {
  Context inner = context;
  const std::string line_break = context.in_quote ? "\n> " : "\n";
  switch (node.kind) {
    case SpanKind::kBlockquote:
    case SpanKind::kExpandableBlockquote: {
      const bool expandable = node.kind == SpanKind::kExpandableBlockquote;
      inner.in_quote = true;
      add_marker(PieceType::kQuoteOpen, expandable ? "**> " : "> ", false);
      emit_children(node.begin, node.end, node.children, inner);
      add_marker(PieceType::kQuoteClose, expandable ? "||" : "", false);
      return;
    }
    case SpanKind::kPre: {
      const std::string language = is_pre_language(node.argument) ? node.argument : "";
      add_marker(PieceType::kOpen, "```" + language + line_break, true);
      emit_code_text(node.begin, node.end, false, context);
      add_marker(PieceType::kClose, line_break + "```", true);
      return;
    }
    case SpanKind::kCode:
      add_marker(PieceType::kOpen, "`", true);
      emit_code_text(node.begin, node.end, true, context);
      add_marker(PieceType::kClose, "`", true);
      return;
    case SpanKind::kCustomEmoji:
      inner.escaped += "[]\\";
      add_marker(PieceType::kOpen, "![", false);
      emit_text(node.begin, node.end, inner);
      add_marker(PieceType::kClose, "](tg://emoji?id=" + node.argument + ")", false);
      return;
    case SpanKind::kTextLink:
      inner.escaped += "[]";
      add_marker(PieceType::kOpen, "[", false);
      emit_children(node.begin, node.end, node.children, inner);
      add_marker(PieceType::kClose, "](" + escape_markdown_url(node.argument) + ")", false);
      return;
    default:
      break;
  }
  const Delimiters delimiters = emphasis_delimiters(node.kind);
  if (delimiters.open.empty()) return emit_children(node.begin, node.end, node.children, context);
  inner.escaped += delimiters.open[0];
  add_marker(PieceType::kOpen, std::string(delimiters.open), true);
  emit_children(node.begin, node.end, node.children, inner);
  add_marker(PieceType::kClose, std::string(delimiters.close), true);
}

void Emitter::emit_text(std::size_t begin, std::size_t end, const Context& context) {
  for (std::size_t at = begin; at < end;) {
    const DecodedChar decoded = decode_utf8(text_, at);
    const char32_t c = decoded.code_point;
    Piece piece{PieceType::kText, {}, c, false};
    if (c == '\n') {
      piece.out = context.in_quote ? "\n> " : "\n";
    } else if (c != '\r') {
      const bool ascii = c < 0x80;
      const bool escaped =
          ascii && (context.escaped.find(static_cast<char>(c)) != std::string::npos ||
                    (detected_[at] && kMarkdownDelimiterCharacters.find(static_cast<char>(c)) !=
                                          std::string_view::npos));
      if (escaped) piece.out = "\\";
      piece.out.append(text_.substr(at, decoded.size));
    }
    if (c != '\r') pieces_.push_back(std::move(piece));
    at += decoded.size;
  }
}

// Code and pre content is literal except for \` and \\, so only backticks and the backslashes
// that would otherwise form those escapes are escaped.
void Emitter::emit_code_text(std::size_t begin, std::size_t end, bool inline_code,
                             const Context& context) {
  for (std::size_t at = begin; at < end;) {
    const DecodedChar decoded = decode_utf8(text_, at);
    const char c = text_[at];
    Piece piece{PieceType::kVerbatim, {}, decoded.code_point, false};
    if (c == '`') {
      piece.out = "\\`";
    } else if (c == '\\') {
      const bool last = at + 1 == end;
      const bool before_escapable = !last && (text_[at + 1] == '`' || text_[at + 1] == '\\');
      piece.out = before_escapable || (last && inline_code) ? "\\\\" : "\\";
    } else if (c == '\n') {
      piece.out = context.in_quote ? "\n> " : "\n";
    } else if (c != '\r') {
      piece.out = std::string(text_.substr(at, decoded.size));
    }
    if (c != '\r') pieces_.push_back(std::move(piece));
    at += decoded.size;
  }
}

// Whether a plain character must be escaped where it stands: next to a delimiter of the same
// character, as a backslash before any delimiter, or as a '>' that would extend a blockquote.
bool needs_escape(const Piece& piece, const Piece* previous, const Piece* next,
                  bool at_line_after_quote) {
  if (piece.out.size() != 1) return false;  // escaped already, or not ASCII
  const char c = piece.out[0];
  const bool delimiter_character = kMarkdownDelimiterCharacters.find(c) != std::string_view::npos;
  const bool touches_same_delimiter =
      delimiter_character && ((next && next->delimiter && next->out.front() == c) ||
                              (previous && previous->delimiter && previous->out.back() == c));
  const bool escapes_marker = c == '\\' && next && is_marker(*next);
  return touches_same_delimiter || escapes_marker || (c == '>' && at_line_after_quote);
}

bool is_separator_text(const Piece* piece) {
  return piece && piece->type == PieceType::kText &&
         piece->code_point == kMarkdownSeparatorCodePoint;
}

// Appends a delimiter with the separators (U+200B) that keep it valid: between two delimiters
// of the same character and between a delimiter and the word character outside it. The parser
// drops one U+200B right before an opening delimiter and one right after a closing one, so a
// U+200B of the text in such a place gets a separator of its own to stay text.
void append_delimiter(std::string& out, const Piece& piece, const Piece* previous,
                      const Piece* next) {
  const bool opening = piece.type == PieceType::kOpen;
  if (previous) {
    // out.back() rather than the previous piece, because a blockquote's end may add a newline.
    const bool same_character =
        is_marker(*previous) && !out.empty() && out.back() == piece.out.front();
    const bool after_word =
        opening && previous->type == PieceType::kText && is_word_character(previous->code_point);
    if (same_character || after_word || (opening && is_separator_text(previous))) {
      out += kMarkdownSeparator;
    }
  }
  out += piece.out;
  if (piece.type == PieceType::kClose && next && next->type == PieceType::kText &&
      (is_word_character(next->code_point) || is_separator_text(next))) {
    out += kMarkdownSeparator;
  }
}

std::string Emitter::join() const {
  std::string out;
  // 1 right after a blockquote, 2 at the start of the line after it, where a '>' is escaped
  // so that the line does not join the quote.
  int after_quote = 0;
  for (std::size_t i = 0; i < pieces_.size(); ++i) {
    const Piece& piece = pieces_[i];
    const Piece* previous = i > 0 ? &pieces_[i - 1] : nullptr;
    const Piece* next = i + 1 < pieces_.size() ? &pieces_[i + 1] : nullptr;
    bool line_break_added = false;
    switch (piece.type) {
      case PieceType::kText:
        if (needs_escape(piece, previous, next, after_quote == 2)) out += '\\';
        out += piece.out;
        break;
      case PieceType::kVerbatim:
        out += piece.out;
        break;
      case PieceType::kOpen:
      case PieceType::kClose:
        if (piece.delimiter) {
          append_delimiter(out, piece, previous, next);
        } else {
          out += piece.out;
        }
        break;
      case PieceType::kQuoteOpen:
        if (!out.empty() && out.back() != '\n') out += '\n';
        out += piece.out;
        break;
      case PieceType::kQuoteClose:
        out += piece.out;
        if (next && !(next->type == PieceType::kText && next->code_point == '\n')) {
          out += '\n';
          line_break_added = true;
        }
        break;
    }
    if (piece.type == PieceType::kQuoteClose) {
      after_quote = line_break_added ? 2 : 1;
    } else if (after_quote == 1 && piece.type == PieceType::kText && piece.code_point == '\n') {
      after_quote = 2;
    } else {
      after_quote = 0;
    }
  }
  return out;
}

}  // namespace

std::string entities_to_markdown(std::string_view text,
                                 std::span<const telegram::MessageEntity> entities) {
  const EntityTree tree = build_entity_tree(text, entities);
  return Emitter(text, tree).run();
}

}  // namespace warden::text
