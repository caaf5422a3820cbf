#pragma once

// The characters of Warden's markdown dialect (text/markdown.h) that a backslash escapes, and
// the escaping and unescaping that keep text literal in it.

#include <string>
#include <string_view>

namespace warden::text {

// The characters a backslash makes literal outside code and pre.
inline constexpr std::string_view kMarkdownEscapable = "`*_~|[]()!\\&>";

inline bool is_markdown_escapable(char c) {
  return kMarkdownEscapable.find(c) != std::string_view::npos;
}

// The characters that open and close emphasis, code and pre.
inline constexpr std::string_view kMarkdownDelimiterCharacters = "*_~|`";

// U+200B ZERO WIDTH SPACE in UTF-8, the separator that entities_to_markdown writes between a
// delimiter and a word character or a delimiter of the same character. Telegram keeps it in
// message text but drops carriage returns, the separator of older versions (tdlib's
// clean_input_string), so only U+200B survives being shown by noformat and saved again.
// text/markdown.h describes where the parser drops it.
inline constexpr std::string_view kMarkdownSeparator = "\xE2\x80\x8B";
inline constexpr char32_t kMarkdownSeparatorCodePoint = 0x200B;

// Resolves backslash escapes of the characters in `escapable` and drops carriage returns.
std::string unescape_markdown(std::string_view text,
                              std::string_view escapable = kMarkdownEscapable);

// Resolves the only escapes of code and pre content, \` and \\, and drops carriage returns.
inline std::string unescape_code(std::string_view text) { return unescape_markdown(text, "`\\"); }

// Whether the first line of a ``` block names its language: letters, digits and _ + # . -
// (such as "python", "c++", "objective-c"). Otherwise the first line is part of the block.
bool is_pre_language(std::string_view first_line);

// Escapes text so that markdown_to_html renders it as the same plain text.
std::string escape_markdown(std::string_view text);

// Escapes a URL for the parenthesized part of a link: backslashes always, parentheses when
// they are unbalanced.
std::string escape_markdown_url(std::string_view url);

}  // namespace warden::text
