#include "cli/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace quoth::cli {

Progress::Progress(bool on) : on_(on), start_(Clock::now()), last_(start_) {}

void Progress::tick(uint64_t documents, uint64_t bytes, bool final) {
  if (!on_) return;
  const auto now = Clock::now();
  if (!final && now - last_ < std::chrono::milliseconds(500)) return;
  last_ = now;
  const double secs = std::chrono::duration<double>(now - start_).count();
  fmt::print(stderr, "\rquoth: {} documents, {:.1f} MB, {:.1f} MB/s{}", documents, bytes / 1e6,
             secs > 0 ? bytes / 1e6 / secs : 0.0, final ? "\n" : "");
}

std::string rate_summary(uint64_t documents, uint64_t bytes, double seconds, unsigned threads) {
  return fmt::format("{:.2f} MB in {:.3f} s: {:.1f} MB/s, {:.0f} documents/s, {} thread{}", bytes / 1e6, seconds,
                     seconds > 0 ? bytes / 1e6 / seconds : 0.0, seconds > 0 ? documents / seconds : 0.0, threads,
                     threads == 1 ? "" : "s");
}

bool progress_wanted(std::string_view value) {
  return value == "always" || (value == "auto" && isatty(STDERR_FILENO) && !std::getenv("CI"));
}

}  // namespace quoth::cli
