// PLACEHOLDER: replaced by the RE2 attributor.
#include "attribution/attributor.h"
namespace quoth {
namespace {
class NoAttributor final : public Attributor {
 public:
  void attribute(std::string_view, const std::vector<ByteSpan>&, const std::vector<QuoteSpan>& quotes,
                 std::vector<Quote>& out) const override {
    for (const auto& q : quotes) {
      Quote r;
      r.span = q.span;
      out.push_back(r);
    }
  }
  std::string describe() const override { return {}; }
};
}  // namespace
std::unique_ptr<Attributor> Attributor::create(const PipelineOptions&, std::string&) {
  return std::make_unique<NoAttributor>();
}
}  // namespace quoth
