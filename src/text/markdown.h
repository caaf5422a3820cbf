#pragma once

// Warden's markdown dialect, in which admins write notes, filters, greetings and rules, and its
// conversion to Telegram HTML.
//
// Inline delimiters: *bold*, _italic_, __underline__, ~strikethrough~, ||spoiler||, `code`
// and ```pre``` (```lang on the first line names the language).
// - An opening delimiter needs a following character that is not whitespace and a preceding
//   one that is not a word character (see is_word_character).
// - A closing delimiter needs a preceding character that is not whitespace and a following one
//   that is not a word character. A run of the closing character closes at its last one.
// - Entities are never empty, and a run of exactly two '_' never closes an italic. A delimiter
//   without a partner is literal text, so snake_case_names stay as they are.
// - ``` needs no word character before it or after its closing ```, and a pre block appears
//   only at the top level or in a blockquote. Entities of one kind do not nest, nor do links.
//
// Lines that start with '>' form a blockquote. Spaces may precede the '>', and one space after
// it is dropped. A quote whose first line starts with "**>" and whose last line ends with "||"
// is expandable. [text](url) is a link, ![x](tg://emoji?id=N) a custom emoji and
// [Name](buttonurl://URL) a button. A backslash makes any of ` * _ ~ | [ ] ( ) ! \ & > literal.
// Inside code and pre only \` and \\ are escapes.
//
// U+200B ZERO WIDTH SPACE (kMarkdownSeparator) separates a delimiter from a word character or
// from a delimiter of the same character, as in "foo<U+200B>*bar*" and
// "__<U+200B>_x_<U+200B>__" (underlined italic). It counts as neither whitespace nor a word
// character in the rules above. One U+200B directly before the opening delimiter of emphasis,
// code or pre is dropped, and so is one directly after the closing delimiter. Every other
// U+200B is text. A carriage return, the separator of content saved by older versions, is
// dropped everywhere.

#include <string>
#include <string_view>
#include <vector>

#include "text/buttons.h"
#include "text/markdown_syntax.h"

namespace warden::text {

struct MarkdownOptions {
  // Whether [Name](buttonurl://URL) makes a button; when false such links stay literal text.
  bool allow_buttons = false;
  // The label of a button written without a name, such as the note's name.
  std::string unnamed_button_text = "Button";
};

struct Rendered {
  std::string html;  // Telegram HTML, trimmed
  ButtonRows rows;
  std::vector<ButtonProblem> problems;  // buttons left out, in the order written
};

// Converts markdown to Telegram HTML. Everything that is not markup is escaped, and tags are
// always balanced and nested, so Telegram accepts the result whatever the input. Invalid UTF-8
// bytes become U+FFFD. Buttons are removed from the text, and so is a line left empty by that.
Rendered markdown_to_html(std::string_view markdown, const MarkdownOptions& options = {});

}  // namespace warden::text
