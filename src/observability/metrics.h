#pragma once

// Process-wide counters and histograms with Prometheus text exposition. Recording is lock-free
// for the fixed per-update-kind series and takes a short mutex for series keyed by Bot API
// method, which are recorded once per outgoing call.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "telegram/types.h"

namespace warden::observability {

class Histogram {
 public:
  // Upper bounds in seconds, chosen to resolve both sub-millisecond handling and slow calls.
  static constexpr std::array<double, 18> kBounds = {0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.002,
                                                     0.003,   0.005,  0.0075, 0.01,   0.02,  0.05,
                                                     0.1,     0.25,   0.5,    1.0,    2.5,   5.0};
  void observe(double seconds);
  void write(std::string& out, std::string_view name, std::string_view help) const;

 private:
  std::array<std::atomic<std::uint64_t>, kBounds.size() + 1> buckets_{};
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_micros_{0};
};

class Metrics {
 public:
  static constexpr std::size_t kKinds = static_cast<std::size_t>(telegram::UpdateKind::kOther) + 1;

  void update_received(telegram::UpdateKind kind) {
    received_[index(kind)].fetch_add(1, std::memory_order_relaxed);
  }
  void update_handled(telegram::UpdateKind kind, double seconds);
  void update_failed(telegram::UpdateKind kind) {
    failed_[index(kind)].fetch_add(1, std::memory_order_relaxed);
  }
  void api_call(std::string_view method, std::string_view result, double seconds);
  void rate_limited() { rate_limited_.fetch_add(1, std::memory_order_relaxed); }
  void set_queue_depth(std::int64_t depth) { queue_depth_.store(depth, std::memory_order_relaxed); }
  void set_update_watermark(std::int64_t id) { watermark_.store(id, std::memory_order_relaxed); }
  std::int64_t update_watermark() const { return watermark_.load(std::memory_order_relaxed); }
  // Records a getUpdates call that returned (with or without updates), for the health check.
  void intake_succeeded() {
    last_intake_.store(std::chrono::steady_clock::now().time_since_epoch().count(),
                       std::memory_order_relaxed);
  }
  // Time since the last successful getUpdates call, or since start when there was none.
  std::chrono::steady_clock::duration since_intake() const {
    return std::chrono::steady_clock::now().time_since_epoch() -
           std::chrono::steady_clock::duration(last_intake_.load(std::memory_order_relaxed));
  }
  std::int64_t queue_depth() const { return queue_depth_.load(std::memory_order_relaxed); }

  // Renders every series in the Prometheus text format, version 0.0.4.
  std::string render() const;

 private:
  static std::size_t index(telegram::UpdateKind kind) { return static_cast<std::size_t>(kind); }

  std::array<std::atomic<std::uint64_t>, kKinds> received_{};
  std::array<std::atomic<std::uint64_t>, kKinds> handled_{};
  std::array<std::atomic<std::uint64_t>, kKinds> failed_{};
  Histogram handler_latency_;
  Histogram api_latency_;
  std::atomic<std::uint64_t> rate_limited_{0};
  std::atomic<std::int64_t> queue_depth_{0};
  std::atomic<std::int64_t> watermark_{0};
  std::atomic<std::int64_t> last_intake_{
      std::chrono::steady_clock::now().time_since_epoch().count()};
  mutable std::mutex api_mutex_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> api_calls_;
};

}  // namespace warden::observability
