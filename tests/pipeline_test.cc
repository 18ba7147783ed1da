// Pipeline::analyze_batch: stage by stage over a batch, with the results of analyze() document by
// document, whatever the batch holds (documents the stages refuse, empty ones, repeats) and
// whatever its Analysis objects held before.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "quoth/quoth.h"

using namespace quoth;

namespace {

std::unique_ptr<Pipeline> make_pipeline(PipelineOptions options) {
  std::string error;
  auto p = Pipeline::create(options, error);
  INFO(error);
  REQUIRE(p);
  return p;
}

std::string sample(const char* name) {
  std::ifstream in(std::string(QUOTH_FIXTURES) + "/../../samples/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  REQUIRE(!ss.str().empty());
  return ss.str();
}

Document doc_of(std::string id, std::string text) {
  Document d;
  d.id = std::move(id);
  d.text = std::move(text);
  return d;
}

void require_same(const Analysis& a, const Analysis& b) {
  REQUIRE(a.error.has_value() == b.error.has_value());
  if (a.error) {
    CHECK(a.error->code == b.error->code);
    CHECK(a.error->message == b.error->message);
  }
  CHECK(a.sentences == b.sentences);
  REQUIRE(a.quotes.size() == b.quotes.size());
  for (size_t i = 0; i < a.quotes.size(); ++i) {
    const Quote& x = a.quotes[i];
    const Quote& y = b.quotes[i];
    CHECK(x.type == y.type);
    CHECK(x.span == y.span);
    CHECK(x.cue == y.cue);
    CHECK(x.sentence == y.sentence);
    REQUIRE(x.speaker.has_value() == y.speaker.has_value());
    if (x.speaker) {
      CHECK(x.speaker->span == y.speaker->span);
      CHECK(x.speaker->name == y.speaker->name);
      CHECK(x.speaker->entity == y.speaker->entity);
    }
  }
  REQUIRE(a.entities.size() == b.entities.size());
  for (size_t i = 0; i < a.entities.size(); ++i) {
    CHECK(a.entities[i].id == b.entities[i].id);
    CHECK(a.entities[i].name == b.entities[i].name);
    CHECK(a.entities[i].type == b.entities[i].type);
    CHECK(a.entities[i].mentions == b.entities[i].mentions);
  }
}

}  // namespace

TEST_CASE("a batch is analysed as its documents are one by one", "[pipeline]") {
  PipelineOptions options;
  options.encoding_errors = EncodingErrors::Fail;
  options.max_doc_bytes = 4000;
  const auto pipeline = make_pipeline(options);

  const std::string summit = sample("summit.txt");
  std::vector<Document> docs;
  docs.push_back(doc_of("summit", summit));
  docs.push_back(doc_of("harbour", sample("harbour.txt")));
  docs.push_back(doc_of("empty", ""));
  Document unreadable = doc_of("unreadable", "");
  unreadable.read_error_code = "bad_json";
  unreadable.read_error_message = "line 3: not a JSON object";
  docs.push_back(unreadable);
  docs.push_back(doc_of("invalid", "\"We are ready,\" Mayor Jane Roe said. \xC3\x28"));
  docs.push_back(doc_of("long", std::string(5000, 'a')));
  docs.push_back(doc_of("startup", sample("startup.txt")));
  docs.push_back(doc_of("summit again", summit));
  docs.push_back(doc_of("short", "\"We will resume the talks,\" Prime Minister Nikol Pashinyan told reporters."));

  std::vector<Analysis> one(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) pipeline->analyze(docs[i], one[i]);
  // The samples say something, and the refused documents are refused: the comparison below is
  // not between empty analyses.
  REQUIRE(!one[0].quotes.empty());
  REQUIRE(!one[0].entities.empty());
  REQUIRE(one[3].error);
  CHECK(one[3].error->code == "bad_json");
  REQUIRE(one[4].error);
  CHECK(one[4].error->code == "invalid_utf8");
  REQUIRE(one[5].error);
  CHECK(one[5].error->code == "too_large");

  SECTION("fresh analyses") {
    std::vector<Analysis> batch(docs.size());
    pipeline->analyze_batch(docs, batch);
    for (size_t i = 0; i < docs.size(); ++i) {
      INFO("document " << docs[i].id);
      require_same(one[i], batch[i]);
    }
  }
  SECTION("analyses that held other documents, the batch in reverse") {
    std::vector<Analysis> batch = one;
    std::vector<Document> reversed(docs.rbegin(), docs.rend());
    pipeline->analyze_batch(reversed, batch);
    for (size_t i = 0; i < docs.size(); ++i) {
      INFO("document " << reversed[i].id);
      require_same(one[docs.size() - 1 - i], batch[i]);
    }
  }
  SECTION("more analyses than documents: the rest stay as they were") {
    std::vector<Analysis> batch(docs.size() + 2);
    batch.back().sentences.push_back({1, 2});
    pipeline->analyze_batch(std::span<const Document>(docs).first(3), batch);
    for (size_t i = 0; i < 3; ++i) require_same(one[i], batch[i]);
    CHECK(batch[3].sentences.empty());
    CHECK(batch.back().sentences.size() == 1);
  }
}
