#pragma once

// Decoding of Bot API JSON into the types of types.h with simdjson. Unknown fields are skipped so
// that a newer Bot API version does not break decoding; a missing required field or a field of
// the wrong type is an error that names the field.

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "telegram/types.h"

namespace warden::telegram {

using simdjson::dom::element;
// An element or the error of looking it up, so that absent fields flow through as errors.
using JsonValue = simdjson::simdjson_result<element>;

Result<User> decode_user(JsonValue value);
Result<Chat> decode_chat(JsonValue value);
Result<Message> decode_message(JsonValue value);
Result<ChatMember> decode_chat_member(JsonValue value);
Result<ChatFullInfo> decode_chat_full_info(JsonValue value);
Result<Update> decode_update(JsonValue value);

// Decodes one update from its JSON text (as stored in the update ledger).
Result<Update> decode_update_json(simdjson::dom::parser& parser, std::string_view json);

// One element of a getUpdates result, kept as minified JSON so it can be stored before handling.
struct RawUpdate {
  std::int64_t update_id = 0;
  std::string json;
};

ChatType parse_chat_type(std::string_view type);
MemberStatus parse_member_status(std::string_view status);

}  // namespace warden::telegram
