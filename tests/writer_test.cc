// Writers and offsets: every span's text equals the slice of the input in each offset unit, JSON
// escaping is valid, CSV/TSV tables are rectangular.
#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include "normalize/utf8.h"
#include "writer/offsets.h"
#include "writer/record_writer.h"

using namespace quoth;
using json = nlohmann::json;

namespace {

// The text as a sequence of units (code points or UTF-16 units), each invalid byte as U+FFFD.
std::u32string code_points(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    size_t len;
    out.push_back(utf8::decode(s, i, len));
    i += len;
  }
  return out;
}

std::u16string utf16_units(std::string_view s) {
  std::u16string out;
  for (char32_t c : code_points(s)) {
    if (c >= 0x10000) {
      out.push_back(static_cast<char16_t>(0xD800 + ((c - 0x10000) >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + ((c - 0x10000) & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(c));
    }
  }
  return out;
}

std::string to_utf8(std::u32string_view cps) {
  std::string out;
  for (char32_t c : cps) utf8::append(out, c);
  return out;
}

std::string to_utf8(std::u16string_view units) {
  std::u32string cps;
  for (size_t i = 0; i < units.size(); ++i) {
    char32_t c = units[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < units.size()) c = 0x10000 + ((c - 0xD800) << 10) + (units[++i] - 0xDC00);
    cps.push_back(c);
  }
  return to_utf8(cps);
}

// A document with ASCII, 2-, 3- and 4-byte characters and spans over each.
struct Fixture {
  Document doc;
  Analysis analysis;
  Fixture() {
    doc.id = "fx";
    doc.text = "Zoë said “naïve 😀 plans” — 東京 “fine,” she said.\nMore 😀😀 text.";
    auto at = [&](std::string_view needle) {
      auto p = doc.text.find(needle);
      REQUIRE(p != std::string::npos);
      return ByteSpan{static_cast<uint32_t>(p), static_cast<uint32_t>(p + needle.size())};
    };
    Quote q;
    q.span = at("“naïve 😀 plans”");
    q.speaker = Speaker{at("Zoë"), "Zoë Example", 0};
    q.cue = at("said");
    q.sentence = 0;
    analysis.quotes.push_back(q);
    Quote q2;
    q2.span = at("“fine,”");
    q2.speaker = Speaker{at("she"), "she", -1};
    analysis.quotes.push_back(q2);
    analysis.entities.push_back(Entity{0, "Zoë Example", EntityType::Person, {at("Zoë")}});
    analysis.entities.push_back(Entity{1, "Tokyo", EntityType::Gpe, {at("東京")}});
    analysis.sentences = {at("Zoë said “naïve 😀 plans” — 東京 “fine,” she said."), at("More 😀😀 text.")};
  }
};

void check_spans(const json& rec, const std::string& text, OffsetUnit unit) {
  auto slice = [&](const json& span) -> std::string {
    size_t s = span["start"], e = span["end"];
    if (unit == OffsetUnit::Byte) return text.substr(s, e - s);
    if (unit == OffsetUnit::Codepoint) return to_utf8(std::u32string_view(code_points(text)).substr(s, e - s));
    return to_utf8(std::u16string_view(utf16_units(text)).substr(s, e - s));
  };
  for (const auto& q : rec["quotes"]) {
    CHECK(slice(q) == q["text"].get<std::string>());
    CHECK(slice(q["speaker"]) == q["speaker"]["text"].get<std::string>());
    if (!q["cue"].is_null()) CHECK(slice(q["cue"]) == q["cue"]["text"].get<std::string>());
  }
  for (const auto& e : rec["entities"])
    for (const auto& m : e["mentions"]) CHECK(slice(m) == m["text"].get<std::string>());
}

}  // namespace

TEST_CASE("every span's text equals the input slice in each offset unit", "[writer][offsets]") {
  Fixture fx;
  for (OffsetUnit unit : {OffsetUnit::Codepoint, OffsetUnit::Byte, OffsetUnit::Utf16}) {
    WriterOptions wo;
    wo.offsets = unit;
    wo.sentences = true;
    std::string error, out;
    auto writer = RecordWriter::create("jsonl", wo, error);
    REQUIRE(writer);
    writer->format(fx.doc, fx.analysis, out);
    REQUIRE(out.back() == '\n');
    json rec = json::parse(out);
    check_spans(rec, fx.doc.text, unit);
    CHECK(rec["sentences"].size() == 2);
  }
}

TEST_CASE("code point and UTF-16 offsets differ past an astral character", "[offsets]") {
  const std::string text = "a😀b";
  OffsetMap cp, u16, bytes;
  cp.reset(text, OffsetUnit::Codepoint, EncodingErrors::Replace);
  u16.reset(text, OffsetUnit::Utf16, EncodingErrors::Replace);
  bytes.reset(text, OffsetUnit::Byte, EncodingErrors::Replace);
  CHECK(cp.convert(5) == 2);
  CHECK(u16.convert(5) == 3);
  CHECK(bytes.convert(5) == 5);
}

TEST_CASE("offsets stay exact in long texts across checkpoints", "[offsets]") {
  std::string text;
  for (int i = 0; i < 500; ++i) text += (i % 3 ? "é" : "ab😀");
  OffsetMap map;
  map.reset(text, OffsetUnit::Utf16, EncodingErrors::Replace);
  uint64_t units = 0;
  for (size_t i = 0; i < text.size();) {
    CHECK(map.convert(static_cast<uint32_t>(i)) == units);
    size_t len;
    char32_t c = utf8::decode(text, i, len);
    units += c >= 0x10000 ? 2 : 1;
    i += len;
  }
  CHECK(map.convert(static_cast<uint32_t>(text.size())) == units);
}

TEST_CASE("invalid bytes count as one unit under replace and none under skip", "[offsets][utf8]") {
  const std::string text = "a\xFF\xFE" "b";
  OffsetMap replace, skip;
  replace.reset(text, OffsetUnit::Codepoint, EncodingErrors::Replace);
  skip.reset(text, OffsetUnit::Codepoint, EncodingErrors::Skip);
  CHECK(replace.convert(4) == 4);
  CHECK(skip.convert(4) == 2);
  std::string out;
  append_json_string(out, text, EncodingErrors::Replace);
  CHECK(out == "\"a\xEF\xBF\xBD\xEF\xBF\xBD" "b\"");
  out.clear();
  append_json_string(out, text, EncodingErrors::Skip);
  CHECK(out == "\"ab\"");
}

TEST_CASE("JSON strings escape quotes, backslashes and control bytes", "[writer]") {
  std::string out;
  append_json_string(out, std::string_view("q\"b\\n\n\t\x01\0z", 10), EncodingErrors::Replace);
  CHECK(out == R"("q\"b\\n\n\t\u0001\u0000z")");
  CHECK_NOTHROW(json::parse(out));
}

TEST_CASE("error records carry the code and message and nothing else", "[writer]") {
  Document doc;
  doc.id = "bad";
  doc.passthrough = {{"url", "\"http://x\""}};
  Analysis a;
  a.error = DocError{"invalid_utf8", "invalid UTF-8 at byte 3"};
  std::string error, out;
  auto writer = RecordWriter::create("jsonl", WriterOptions{}, error);
  writer->format(doc, a, out);
  json rec = json::parse(out);
  CHECK(rec["id"] == "bad");
  CHECK(rec["url"] == "http://x");
  CHECK(rec["error"]["code"] == "invalid_utf8");
  CHECK_FALSE(rec.contains("quotes"));
}

TEST_CASE("CSV and TSV tables are rectangular with a header", "[writer]") {
  Fixture fx;
  fx.doc.text += "\tcomma, \"quoted\"";
  for (const char* format : {"csv", "tsv"}) {
    for (const char* table : {"quotes", "entities", "sentences"}) {
      WriterOptions wo;
      wo.table = table;
      std::string error, out;
      auto writer = RecordWriter::create(format, wo, error);
      REQUIRE(writer);
      out += writer->header();
      writer->format(fx.doc, fx.analysis, out);
      // Count fields per row with a small RFC 4180 / TSV reader.
      const char sep = format[0] == 'c' ? ',' : '\t';
      std::vector<size_t> widths;
      size_t fields = 1;
      bool quoted = false;
      for (size_t i = 0; i < out.size(); ++i) {
        char c = out[i];
        if (quoted) {
          if (c == '"' && i + 1 < out.size() && out[i + 1] == '"') ++i;
          else if (c == '"') quoted = false;
        } else if (c == '"' && sep == ',') {
          quoted = true;
        } else if (c == sep) {
          ++fields;
        } else if (c == '\n') {
          widths.push_back(fields);
          fields = 1;
        }
      }
      REQUIRE(widths.size() >= 2);
      for (size_t w : widths) CHECK(w == widths[0]);
    }
  }
  std::string error;
  CHECK_FALSE(RecordWriter::create("xml", WriterOptions{}, error));
  CHECK_FALSE(error.empty());
}

TEST_CASE("CSV and TSV write --keep fields as columns after the id", "[writer]") {
  Fixture fx;
  fx.doc.passthrough = {{"n", "3"}, {"url", "\"http://x.org/a,b\\\"c\""}};
  WriterOptions wo;
  wo.table = "entities";
  wo.keep = {"url", "section", "n"};
  std::string error, out;
  auto csv = RecordWriter::create("csv", wo, error);
  REQUIRE(csv);
  CHECK(csv->header() == "id,url,section,n,entity,name,type,start,end,text\n");
  csv->format(fx.doc, fx.analysis, out);
  CHECK(out.starts_with("fx,\"http://x.org/a,b\"\"c\",,3,0,Zo\xC3\xAB Example,PERSON,"));
  auto tsv = RecordWriter::create("tsv", wo, error);
  REQUIRE(tsv);
  out.clear();
  tsv->format(fx.doc, fx.analysis, out);
  CHECK(out.starts_with("fx\thttp://x.org/a,b\"c\t\t3\t0\t"));
  // A kept field named like one of the table's columns would give two columns one name.
  wo.keep = {"type"};
  CHECK_FALSE(RecordWriter::create("csv", wo, error));
  CHECK(error.find("--keep type") != std::string::npos);
  wo.table = "sentences";
  CHECK(RecordWriter::create("csv", wo, error));
}

TEST_CASE("JSON formats refuse a --keep field named like a key of the record", "[writer]") {
  WriterOptions wo;
  std::string error;
  for (const char* format : {"jsonl", "json"}) {
    wo.keep = {"url", "quotes"};
    CHECK_FALSE(RecordWriter::create(format, wo, error));
    CHECK(error.find("--keep quotes") != std::string::npos);
    wo.keep = {"url"};
    CHECK(RecordWriter::create(format, wo, error));
  }
}

namespace {

// Keeps what a writer drains, and how often it was called.
struct CollectingDrain final : RecordDrain {
  std::string taken;
  size_t calls = 0;
  void take(std::string& bytes) override {
    taken += bytes;
    bytes.clear();
    ++calls;
  }
};

}  // namespace

TEST_CASE("a streamed record equals the buffered record in every format", "[writer]") {
  Fixture fx;
  // Enough items that small thresholds drain many times.
  for (int i = 0; i < 20; ++i) {
    fx.analysis.quotes.push_back(fx.analysis.quotes[i % 2]);
    fx.analysis.entities[i % 2].mentions.push_back(fx.analysis.entities[i % 2].mentions[0]);
    fx.analysis.sentences.push_back(fx.analysis.sentences[i % 2]);
  }
  for (const char* format : {"jsonl", "json", "csv", "tsv"}) {
    for (const char* table : {"quotes", "entities", "sentences"}) {
      WriterOptions wo;
      wo.table = table;
      wo.sentences = true;
      std::string error;
      auto writer = RecordWriter::create(format, wo, error);
      REQUIRE(writer);
      std::string buffered = "prefix";
      writer->format(fx.doc, fx.analysis, buffered);
      for (size_t threshold : {size_t{0}, size_t{1}, size_t{50}, size_t{700}, size_t{1} << 20}) {
        INFO(format << " " << table << " threshold " << threshold);
        CollectingDrain drain;
        drain.threshold = threshold;
        std::string out = "prefix";
        writer->format(fx.doc, fx.analysis, out, &drain);
        CHECK(drain.taken + out == buffered);
        if (threshold <= 1) CHECK(drain.calls >= 20);
        if (threshold == 50) CHECK(drain.calls >= 2);
        if (threshold >= (size_t{1} << 20)) CHECK(drain.calls == 0);
      }
    }
  }
}
