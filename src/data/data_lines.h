// Line by line over a data file (embedded or user-supplied): the one loop every list reader uses.
#pragma once

#include <cstddef>
#include <string_view>

namespace quoth {

// Calls visit(line_number, line) for each line of `data` that is neither blank nor a comment
// ('#' first), numbered from 1, with a trailing CR removed. `visit` returns false to stop; the
// function returns false when it was stopped, true when it reached the end.
template <class Visit>
bool for_each_data_line(std::string_view data, Visit visit) {
  size_t pos = 0;
  size_t line_no = 0;
  while (pos < data.size()) {
    size_t end = data.find('\n', pos);
    if (end == std::string_view::npos) end = data.size();
    std::string_view line = data.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    if (!visit(line_no, line)) return false;
  }
  return true;
}

}  // namespace quoth
