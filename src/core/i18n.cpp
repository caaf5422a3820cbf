#include "core/i18n.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/embedded_file.h"

namespace warden::core::embedded {
std::span<const warden::EmbeddedFile> files();
}

namespace warden::core {
namespace {

void flatten(const YAML::Node& node, const std::string& prefix,
             std::unordered_map<std::string, std::string>& out) {
  if (node.IsMap()) {
    for (const auto& item : node) {
      std::string key = item.first.as<std::string>();
      flatten(item.second, prefix.empty() ? key : prefix + "." + key, out);
    }
  } else if (node.IsScalar()) {
    out[prefix] = node.as<std::string>();
  }
}

}  // namespace

Result<void> Translator::add_language(std::string language, std::string_view yaml_text) {
  try {
    YAML::Node root = YAML::Load(std::string(yaml_text));
    auto& strings = strings_[language];
    flatten(root, "", strings);
  } catch (const YAML::Exception& error) {
    return make_error(fmt::format("invalid locale file {}.yaml: {}", language, error.what()));
  }
  return {};
}

Result<Translator> Translator::load(const std::string& directory) {
  Translator translator;
  for (const EmbeddedFile& file : embedded::files()) {
    std::string language(file.name.substr(0, file.name.find('.')));
    if (auto added = translator.add_language(language, file.content); !added) {
      return tl::unexpected(added.error());
    }
  }
  if (!directory.empty()) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
      if (entry.path().extension() != ".yaml") continue;
      std::ifstream in(entry.path());
      std::stringstream content;
      content << in.rdbuf();
      const std::string file_name = entry.path().filename().string();
      if (auto added = translator.add_language(file_name.substr(0, file_name.find('.')),
                                               content.str());
          !added) {
        return tl::unexpected(added.error());
      }
    }
    if (error) {
      return make_error(
          fmt::format("cannot read LOCALES_DIR '{}': {}", directory, error.message()));
    }
  }
  if (!translator.strings_.contains("en"))
    return make_error("the English locale file en.yaml is missing");
  return translator;
}

std::string Translator::text(std::string_view language, std::string_view key, TextArgs args) const {
  const std::string* pattern = nullptr;
  std::string key_text(key);
  if (auto lang = strings_.find(std::string(language)); lang != strings_.end()) {
    if (auto found = lang->second.find(key_text); found != lang->second.end())
      pattern = &found->second;
  }
  if (!pattern) {
    const auto& english = strings_.at("en");
    auto found = english.find(key_text);
    if (found == english.end()) return key_text;
    pattern = &found->second;
  }
  std::string out;
  out.reserve(pattern->size() + 32);
  for (std::size_t i = 0; i < pattern->size();) {
    char c = (*pattern)[i];
    if (c == '{') {
      std::size_t close = pattern->find('}', i + 1);
      if (close != std::string::npos) {
        std::string_view name(pattern->data() + i + 1, close - i - 1);
        bool replaced = false;
        for (const auto& [arg_name, value] : args) {
          if (arg_name == name) {
            out += value;
            replaced = true;
            break;
          }
        }
        if (replaced) {
          i = close + 1;
          continue;
        }
      }
    }
    out += c;
    ++i;
  }
  return out;
}

bool Translator::has(std::string_view key) const {
  return strings_.at("en").contains(std::string(key));
}

std::size_t Translator::size(std::string_view language) const {
  auto found = strings_.find(std::string(language));
  return found == strings_.end() ? 0 : found->second.size();
}

}  // namespace warden::core
