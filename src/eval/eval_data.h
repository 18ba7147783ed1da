// Gold annotations and predictions as `quoth eval` scores them: every offset in Unicode code
// points into the gold text, as in /work/shared/eval/score.py (the referee this module ports).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "quoth/quoth.h"

namespace quoth::eval {

// A {"start", "end"} record as read: `ok` is false when either field is missing or not a number
// (score.py counts such a record as malformed and scores it as the empty span 0..0).
struct RawSpan {
  bool ok = false;
  int64_t start = 0;
  int64_t end = 0;
};

struct GoldQuote {
  int64_t start = 0;
  int64_t end = 0;
  std::optional<std::string> type;          // "direct", "mixed", "indirect", or absent
  std::optional<RawSpan> speaker_span;      // present when the gold names a speaker mention
  std::vector<std::pair<int64_t, int64_t>> parts;  // a quote split by its attribution
};

struct GoldEntity {
  int64_t start = 0;
  int64_t end = 0;
  std::string type;  // as written in the gold file
};

struct GoldDoc {
  std::string id;
  std::string text_utf8;  // the text as given
  std::u32string text;    // the same text as code points: what every offset indexes
  bool has_quotes = false, has_sentences = false, has_entities = false;
  std::vector<GoldQuote> quotes;
  std::vector<std::u32string> sentences;  // gold sentence strings
  std::vector<GoldEntity> entities;
};

struct PredQuote {
  RawSpan span;
  std::optional<std::string> type;
  std::optional<RawSpan> speaker;  // present when "speaker" is an object with a "start"
};

struct PredMention {
  RawSpan span;
  std::string type;  // the mention's "type", else its entity's; "None" when neither has one
};

struct PredDoc {
  std::string id;
  // An error record's (DESIGN.md §3) message: the document could not be processed. It predicts
  // nothing, as in score.py.
  std::optional<std::string> error;
  std::vector<PredQuote> quotes;
  std::vector<RawSpan> sentences;
  std::vector<PredMention> mentions;
};

// Parses one gold JSONL line. False and `error` when it is not a JSON object with an "id" and a
// string "text", or an annotation is not of the expected shape.
bool parse_gold(std::string_view line, GoldDoc& doc, std::string& error);

// Parses one prediction line (quoth's output record, DESIGN.md §3, code point offsets).
bool parse_pred(std::string_view line, PredDoc& doc, std::string& error);

// The prediction quoth's pipeline made on `text`: byte spans of `analysis` become code points.
void pred_from_analysis(std::string_view id, std::string_view text, const Analysis& analysis, PredDoc& doc);

// Decodes UTF-8 to code points; an invalid byte becomes U+FFFD.
std::u32string to_code_points(std::string_view text);

}  // namespace quoth::eval
