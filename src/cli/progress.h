// The progress line that `extract` and `check` keep on stderr while they read (--progress), and
// the choice of when to show it.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

namespace quoth::cli {

class Progress {
 public:
  explicit Progress(bool on);
  // Rewrites the line (documents, MB of text, MB/s since construction) at most twice a second;
  // `final` writes it whatever the time and ends it with a newline. Nothing when off.
  void tick(uint64_t documents, uint64_t bytes, bool final = false);

 private:
  using Clock = std::chrono::steady_clock;
  bool on_;
  Clock::time_point start_, last_;
};

// --progress VALUE: "always", or "auto" when stderr is a terminal and CI is not set; "never" off.
bool progress_wanted(std::string_view value);

}  // namespace quoth::cli
