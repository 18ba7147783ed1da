// Fuzz target for ShapeRegex, differential against RE2: the input's first line is a pattern, the
// rest a text (bytes masked to ASCII, the texts ShapeRegex is for). When both engines compile the
// pattern, they must agree on the group count and names, on every search from each offset the
// attributor would use (0, then past each match), and on the groups of each match. The regex read
// back from its image (ShapeRegex::write_image(), read_image()) must give the same results.
#include <re2/re2.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "attribution/shape_regex.h"
#include "data/image.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;  // patterns and class strings are short; long ones only slow the search
  const std::string input(reinterpret_cast<const char*>(data), size);
  const size_t nl = input.find('\n');
  if (nl == std::string::npos) return 0;
  const std::string pattern = input.substr(0, nl);
  std::string text = input.substr(nl + 1);
  for (char& c : text) c = static_cast<char>(c & 0x7F);
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(pattern, options);
  quoth::ShapeRegex fast(pattern);
  if (!re.ok() || !fast.ok()) return 0;
  QUOTH_FUZZ_CHECK(fast.number_of_groups() == re.NumberOfCapturingGroups());
  QUOTH_FUZZ_CHECK(fast.named_groups() == re.NamedCapturingGroups());
  quoth::ImageWriter image;
  fast.write_image(image);
  quoth::ImageReader reader(image.bytes());
  const auto read = quoth::ShapeRegex::read_image(reader);
  QUOTH_FUZZ_CHECK(read && reader.at_end());
  QUOTH_FUZZ_CHECK(read->named_groups() == fast.named_groups());
  const int ngroups = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> g(static_cast<size_t>(ngroups));
  std::vector<int> spans(2 * static_cast<size_t>(ngroups));
  for (size_t pos = 0; pos <= text.size();) {
    size_t start = 0, end = 0;
    const bool m1 = re.Match(text, pos, text.size(), RE2::UNANCHORED, g.data(), 1);
    const bool m2 = fast.search(text, pos, start, end);
    QUOTH_FUZZ_CHECK(m1 == m2);
    size_t read_start = 0, read_end = 0;
    QUOTH_FUZZ_CHECK(read->search(text, pos, read_start, read_end) == m2);
    QUOTH_FUZZ_CHECK(!m2 || (read_start == start && read_end == end));
    if (!m1) break;
    QUOTH_FUZZ_CHECK(static_cast<size_t>(g[0].data() - text.data()) == start);
    QUOTH_FUZZ_CHECK(start + g[0].size() == end);
    QUOTH_FUZZ_CHECK(re.Match(text, start, end, RE2::ANCHOR_BOTH, g.data(), ngroups));
    std::vector<int> read_spans(spans.size());
    const bool have_groups = fast.groups(text, start, end, spans.data());
    QUOTH_FUZZ_CHECK(read->groups(text, start, end, read_spans.data()) == have_groups);
    QUOTH_FUZZ_CHECK(!have_groups || read_spans == spans);
    if (have_groups) {
      for (int k = 1; k < ngroups; ++k) {
        const long x = g[k].data() ? g[k].data() - text.data() : -1;
        const long y = g[k].data() ? x + static_cast<long>(g[k].size()) : -1;
        QUOTH_FUZZ_CHECK(x == spans[2 * k - 2] && y == spans[2 * k - 1]);
      }
    }
    pos = std::max(pos + 1, end);
  }
  return 0;
}
