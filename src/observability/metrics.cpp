#include "observability/metrics.h"

#include <fmt/format.h>

namespace warden::observability {

void Histogram::observe(double seconds) {
  std::size_t bucket = 0;
  while (bucket < kBounds.size() && seconds > kBounds[bucket]) ++bucket;
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void Histogram::write(std::string& out, std::string_view name, std::string_view help) const {
  fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} histogram\n", name, help, name);
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kBounds.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    fmt::format_to(std::back_inserter(out), "{}_bucket{{le=\"{}\"}} {}\n", name, kBounds[i],
                   cumulative);
  }
  cumulative += buckets_[kBounds.size()].load(std::memory_order_relaxed);
  fmt::format_to(std::back_inserter(out), "{}_bucket{{le=\"+Inf\"}} {}\n", name, cumulative);
  fmt::format_to(std::back_inserter(out), "{}_sum {}\n{}_count {}\n", name,
                 static_cast<double>(sum_micros_.load(std::memory_order_relaxed)) / 1e6, name,
                 count_.load(std::memory_order_relaxed));
}

void Metrics::update_handled(telegram::UpdateKind kind, double seconds) {
  handled_[index(kind)].fetch_add(1, std::memory_order_relaxed);
  handler_latency_.observe(seconds);
}

void Metrics::api_call(std::string_view method, std::string_view result, double seconds) {
  // A getUpdates long poll lasts as long as Telegram has nothing to send; it would drown the
  // latency of real calls.
  if (method != "getUpdates") api_latency_.observe(seconds);
  std::lock_guard lock(api_mutex_);
  ++api_calls_[{std::string(method), std::string(result)}];
}

std::string Metrics::render() const {
  std::string out;
  out.reserve(4096);
  auto per_kind = [&](std::string_view name, std::string_view help,
                      const std::array<std::atomic<std::uint64_t>, kKinds>& values) {
    fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} counter\n", name, help, name);
    for (std::size_t i = 0; i < kKinds; ++i) {
      fmt::format_to(std::back_inserter(out), "{}{{type=\"{}\"}} {}\n", name,
                     telegram::to_string(static_cast<telegram::UpdateKind>(i)),
                     values[i].load(std::memory_order_relaxed));
    }
  };
  per_kind("warden_updates_received_total", "Updates taken in from Telegram.", received_);
  per_kind("warden_updates_handled_total", "Updates whose handling finished.", handled_);
  per_kind("warden_updates_failed_total", "Updates whose handling raised an error.", failed_);
  handler_latency_.write(out, "warden_handler_latency_seconds",
                         "Time from dequeuing an update to the end of its handling.");
  api_latency_.write(out, "warden_api_call_latency_seconds",
                     "Duration of Bot API calls other than getUpdates.");
  out += "# HELP warden_api_calls_total Bot API calls by method and result.\n";
  out += "# TYPE warden_api_calls_total counter\n";
  {
    std::lock_guard lock(api_mutex_);
    for (const auto& [key, count] : api_calls_) {
      fmt::format_to(std::back_inserter(out),
                     "warden_api_calls_total{{method=\"{}\",result=\"{}\"}} {}\n", key.first,
                     key.second, count);
    }
  }
  fmt::format_to(
      std::back_inserter(out),
      "# HELP warden_api_rate_limited_total Bot API answers with 429 Too Many Requests.\n"
      "# TYPE warden_api_rate_limited_total counter\nwarden_api_rate_limited_total {}\n",
      rate_limited_.load(std::memory_order_relaxed));
  fmt::format_to(std::back_inserter(out),
                 "# HELP warden_queue_depth Updates taken in and not yet handled.\n"
                 "# TYPE warden_queue_depth gauge\nwarden_queue_depth {}\n",
                 queue_depth_.load(std::memory_order_relaxed));
  fmt::format_to(
      std::back_inserter(out),
      "# HELP warden_update_watermark Highest update_id handled together with all before it.\n"
      "# TYPE warden_update_watermark gauge\nwarden_update_watermark {}\n",
      watermark_.load(std::memory_order_relaxed));
  return out;
}

}  // namespace warden::observability
