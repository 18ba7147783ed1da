// PLACEHOLDER: replaced by the gazetteer + rules recognizer.
#include "entity/entity_recognizer.h"
namespace quoth {
namespace {
class NoRecognizer final : public EntityRecognizer {
 public:
  void recognize(std::string_view, const std::vector<ByteSpan>&, std::vector<EntityMention>&) const override {}
  size_t gazetteer_size() const override { return 0; }
};
}  // namespace
std::unique_ptr<EntityRecognizer> EntityRecognizer::create(const PipelineOptions&, std::string&) {
  return std::make_unique<NoRecognizer>();
}
}  // namespace quoth
