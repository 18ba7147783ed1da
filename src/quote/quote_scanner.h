// Quote scanner: pairs quotation marks of every style, tells apostrophes from closing single
// quotes, and follows the news convention of a quote running over paragraphs.
#pragma once

#include <string_view>
#include <vector>

#include "quoth/quoth.h"

namespace quoth {

// One top-level quotation found in the text. Nested quotations are inside it, not reported.
struct QuoteSpan {
  ByteSpan span;   // from the opening mark to just after the closing mark (or the paragraph end
                   // when the quote continues in the next paragraph, or is unbalanced)
  ByteSpan inner;  // the quoted content, marks excluded
  bool closed = true;  // false when no closing mark was found in this paragraph
  bool continues_next_paragraph = false;  // the next paragraph reopens this quote (news style)
  bool continues_previous_paragraph = false;  // this part reopens a quote left open above
  bool single_marks = false;  // opened by a single mark (‘ ‚ ' ‹), not a double one (“ „ " '' « …)
};

// Appends to `out` the top-level quotations of `text` in document order. Never swallows more
// than one paragraph for an unbalanced mark. Linear in the text size.
void scan_quotes(std::string_view text, std::vector<QuoteSpan>& out);

}  // namespace quoth
