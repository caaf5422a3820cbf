#pragma once

// Send-time processing of stored content: fillings such as {first}, note flags such as
// {private}, and the choice among %%%-separated variants. All take rendered HTML. A sender
// calls choose_random_variant, extract_note_flags (notes only), extract_rules_tokens (see
// text/buttons.h), fill_placeholders and finally split_html (see text/split.h).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "telegram/types.h"

namespace warden::text {

// The first name used when the user has none, or when there is no user.
inline constexpr std::string_view kNamelessUser = "PersonWithNoName";

struct FillingContext {
  const telegram::User* user = nullptr;  // nullptr when no user is involved
  std::string_view chat_title;
  // Returns the chat's member count. fill_placeholders calls it at most once per call, and
  // only when {count} occurs.
  std::function<std::int64_t()> member_count;
};

// Replaces the fillings in rendered HTML with HTML-escaped values:
//   {first}     first name, or kNamelessUser when empty or without a user
//   {last}      last name, empty when none
//   {fullname}  first and last name separated by a space, or the first name alone
//   {username}  "@username", or the {mention} link when the user has no username
//   {mention}   a tg://user?id= link whose text is the first name
//   {id}        user id, 0 without a user
//   {chatname}  chat title
//   {count}     member count
// Inside a tag, a link, code or pre, where a link cannot go, {mention} (and {username}
// without a username) become the escaped first name; without a user, {mention} is the name
// alone. Other {...} tokens stay as they are, and values are not scanned again, so a name such
// as "{id}" stays literal.
std::string fill_placeholders(std::string_view html, const FillingContext& context);

// The flags a note carries in its content.
struct NoteFlags {
  bool private_only = false;    // {private}: deliver in a private chat
  bool group_only = false;      // {noprivate}: deliver in the group even with private notes on
  bool admin_only = false;      // {admin}
  bool web_preview = false;     // {preview}: show the link preview
  bool no_web_preview = false;  // {nopreview}
  bool is_protected = false;    // {protect}: protected content
  bool no_notif = false;        // {nonotif}: send silently

  bool operator==(const NoteFlags&) const = default;
};

struct FlaggedContent {
  std::string text;  // the content with the flag tokens removed
  NoteFlags flags;
};

// Detects and removes the note flag tokens. A line left empty is removed and the result is
// trimmed. Contradicting flags such as {private} with {noprivate} are both reported; the caller
// decides.
FlaggedContent extract_note_flags(std::string_view content);

// Returns a number in [0, count); count is at least 1.
using RandomIndex = std::function<std::size_t(std::size_t count)>;

// Splits rendered HTML on the separator "%%%" and returns one variant chosen by `random`,
// trimmed. Variants that are only whitespace are skipped, and when all are, the result is
// empty. Tags open across a separator are closed and reopened, so each variant is valid HTML.
std::string choose_random_variant(std::string_view html, const RandomIndex& random);

}  // namespace warden::text
