// Micro-benchmarks of per-update work: decoding an update, recognising a command, splitting a
// getUpdates body. Run: build/release/bench/warden_micro_bench

#include <benchmark/benchmark.h>

#include "core/command.h"
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

BENCHMARK_MAIN();
