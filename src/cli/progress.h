// The progress line that `extract` and `check` keep on stderr while they read (--progress), and
// the choice of when to show it.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
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

// The --stats figures of a run: "12.34 MB in 0.456 s: 27.1 MB/s, 43371 documents/s, 2 threads".
std::string rate_summary(uint64_t documents, uint64_t bytes, double seconds, unsigned threads);

// --progress VALUE: "always", or "auto" when stderr is a terminal and CI is not set; "never" off.
bool progress_wanted(std::string_view value);

}  // namespace quoth::cli
