// PLACEHOLDER: replaced by the rule-based splitter.
#include "sentence/sentence_splitter.h"
namespace quoth {
namespace {
class LineSplitter final : public SentenceSplitter {
 public:
  void split(std::string_view text, std::vector<ByteSpan>& out) const override {
    size_t i = 0;
    while (i < text.size()) {
      size_t e = text.find('\n', i);
      if (e == std::string_view::npos) e = text.size();
      size_t s = i, t = e;
      while (s < t && (text[s] == ' ' || text[s] == '\t' || text[s] == '\r')) ++s;
      while (t > s && (text[t - 1] == ' ' || text[t - 1] == '\t' || text[t - 1] == '\r')) --t;
      if (t > s) out.push_back({uint32_t(s), uint32_t(t)});
      i = e + 1;
    }
  }
};
}  // namespace
const SentenceSplitter& SentenceSplitter::default_splitter() {
  static LineSplitter s;
  return s;
}
std::unique_ptr<SentenceSplitter> SentenceSplitter::from_data(std::string_view, std::string_view, std::string&) {
  return std::make_unique<LineSplitter>();
}
}  // namespace quoth
