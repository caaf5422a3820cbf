// Micro-benchmarks of per-update work: decoding an update, recognising a command, splitting a
// getUpdates body, matching a message against a chat's filters, and rendering stored content.
// Run: build/release/bench/warden_micro_bench

#include <benchmark/benchmark.h>

#include "core/command.h"
#include "modules/filters_match.h"
#include "text/fold.h"
#include "text/markdown.h"
#include "text/placeholders.h"
#include "text/split.h"
#include "telegram/decode.h"
#include "transport/poller.h"

namespace {

constexpr std::string_view kUpdate = R"({"update_id":845120322,"message":{"message_id":882,
"from":{"id":7345678901,"is_bot":false,"first_name":"Olena","last_name":"Example","username":"olena_example","language_code":"uk"},
"chat":{"id":-1002345678901,"title":"Example Community","username":"example_community","type":"supergroup"},
"date":1783000820,"text":"/warn@warden_bot @mallory posting links again","entities":[{"offset":0,"length":16,"type":"bot_command"},{"offset":17,"length":8,"type":"mention"}]}})";

void DecodeUpdate(benchmark::State& state) {
  simdjson::dom::parser parser;
  for (auto _ : state) {
    auto update = warden::telegram::decode_update_json(parser, kUpdate);
    benchmark::DoNotOptimize(update);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(DecodeUpdate);

void ParseCommand(benchmark::State& state) {
  const std::string text = "/warn@warden_bot @mallory posting links again";
  for (auto _ : state) {
    auto call = warden::core::parse_command(text, "warden_bot");
    benchmark::DoNotOptimize(call);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(ParseCommand);

void SplitUpdates(benchmark::State& state) {
  std::string body = R"({"ok":true,"result":[)";
  for (int i = 0; i < 100; ++i) body += std::string(i ? "," : "") + std::string(kUpdate);
  body += "]}";
  for (auto _ : state) {
    auto updates = warden::transport::split_updates(body);
    benchmark::DoNotOptimize(updates);
  }
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(SplitUpdates);

}  // namespace

// A message of ordinary length against 150 filters (the per-chat limit), none of which match:
// the work every group message costs in a chat that uses all its filters.
void MatchFilters(benchmark::State& state) {
  std::vector<warden::storage::Filter> filters;
  for (int i = 0; i < 150; ++i) {
    warden::storage::Filter filter;
    filter.keyword = warden::text::fold_for_matching("keyword number " + std::to_string(i));
    filters.push_back(std::move(filter));
  }
  const std::string text =
      "Привет всем! Does anyone know when the next meetup is? I heard it moves to Friday, "
      "and the venue changed too 🎉 Let me know in this chat, thanks";
  for (auto _ : state) {
    const std::string folded = warden::text::fold_for_matching(text);
    benchmark::DoNotOptimize(warden::modules::first_matching_filter(filters, folded));
  }
}
BENCHMARK(MatchFilters);

// A note with formatting, a button, fillings and two variants, from stored source to the
// HTML that is sent: the work of one #note or filter reply before the Bot API call.
void RenderNote(benchmark::State& state) {
  const std::string source =
      "*Welcome*, {first}! Read the __rules__ first: they are short.\n"
      "> Be kind\n> No spam\n%%%Hi {mention}, nice to see you in {chatname} 👋\n"
      "[Rules](buttonurl://https://example.com/rules)";
  warden::telegram::User user;
  user.id = 7345678901;
  user.first_name = "<b>Eve</b> & co";
  warden::text::MarkdownOptions options;
  options.allow_buttons = true;
  for (auto _ : state) {
    warden::text::Rendered rendered = warden::text::markdown_to_html(source, options);
    std::string html = warden::text::choose_random_variant(rendered.html,
                                                           [](std::size_t) { return 0; });
    warden::text::FillingContext filling;
    filling.user = &user;
    filling.chat_title = "Example Community";
    html = warden::text::fill_placeholders(html, filling);
    benchmark::DoNotOptimize(warden::text::split_html(html, warden::text::kMaxTextLength));
  }
}
BENCHMARK(RenderNote);

BENCHMARK_MAIN();
