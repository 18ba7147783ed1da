// Shared helpers of the fuzz targets: the input size cap and a check that aborts (so libFuzzer
// records the input) when a promised property does not hold.
#pragma once

#include <cstddef>
#include <cstdio>
#include <cstdlib>

namespace quoth::fuzz {

// Inputs past this size are skipped: every stage is linear, large inputs only slow the search.
constexpr size_t kMaxInput = 64 * 1024;

#define QUOTH_FUZZ_CHECK(cond)                                                        \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                   \
    }                                                                                 \
  } while (0)

}  // namespace quoth::fuzz
