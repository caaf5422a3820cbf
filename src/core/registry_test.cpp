#include "core/registry.h"

#include <gtest/gtest.h>

#include "core/i18n.h"
#include "modules/modules.h"

namespace warden::core {
namespace {

TEST(CallbackData, RoundTripsAndStaysUnder64Bytes) {
  std::map<std::string, std::string> fields{{"u", "7345678901"}, {"a", "unban"}};
  auto data = make_callback_data("unrestrict", fields);
  ASSERT_TRUE(data);
  EXPECT_EQ(*data, "unrestrict|v1|a=unban&u=7345678901");
  auto parsed = parse_callback_data(*data);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->name_space, "unrestrict");
  EXPECT_EQ(parsed->get_int("u"), 7345678901);
  EXPECT_FALSE(make_callback_data("x", {{"k", std::string(80, 'v')}}));
}

TEST(CallbackData, RejectsMalformed) {
  for (const char* bad : {"", "vote:1:yes", "ns|v2|a=b", "ns|v1|novalue", "|v1|a=b"}) {
    EXPECT_FALSE(parse_callback_data(bad)) << bad;
  }
  auto empty = parse_callback_data("helpq|v1|_");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->fields.empty());
  EXPECT_FALSE(parse_callback_data("a|v1|u=12x")->get_int("u"));
}

TEST(Registry, EveryCommandHasItsStrings) {
  Registry registry;
  modules::register_all(registry);
  auto translator = Translator::load("");
  ASSERT_TRUE(translator) << translator.error().message;
  std::size_t commands = 0;
  for (const Module& module : registry.modules()) {
    if (!module.help_key.empty()) EXPECT_TRUE(translator->has(module.help_key)) << module.help_key;
    for (const Command& command : module.commands) {
      ++commands;
      EXPECT_TRUE(translator->has(command.help_key)) << command.help_key;
      EXPECT_TRUE(registry.find_command(command.name)) << command.name;
    }
  }
  // bans 10, mutes 5, warns 10, admin 8, help 2, filters 4, notes 6, rules 6, greetings 10,
  // reactions 4, formatting 1
  EXPECT_EQ(commands, 66u);
  EXPECT_TRUE(registry.find_command("unwarn"));
  EXPECT_EQ(registry.find_module("ban")->name, "Bans");
}

TEST(Translator, FillsPlaceholdersAndFallsBack) {
  auto translator = Translator::load("");
  ASSERT_TRUE(translator);
  EXPECT_EQ(translator->format("xx", "warns.limit_set", "limit", "5"), "The warn limit is now 5.");
  EXPECT_EQ(translator->text("en", "no.such.key"), "no.such.key");
}

}  // namespace
}  // namespace warden::core
