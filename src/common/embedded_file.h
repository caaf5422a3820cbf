#pragma once

#include <span>
#include <string_view>

namespace warden {

// A text file compiled into the binary (migrations, locale files).
struct EmbeddedFile {
  std::string_view name;
  std::string_view content;
};

}  // namespace warden
