// Scoring of `quoth eval`: a C++ port of /work/shared/eval/score.py with the same definitions
// (spans trimmed of quotation marks, edge punctuation and a leading "that"; one-to-one greedy
// matching at Jaccard >= threshold; gold quotes split by their attribution scored per part;
// speakers right when the mentions overlap; boundary F1 for sentences; micro F1 for entities).
// Results are JSON objects with score.py's keys and its rounding (4 decimals).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "eval/eval_data.h"

namespace quoth::eval {

using Result = nlohmann::ordered_json;

// Gold documents in file order (a repeated id keeps its first place, the later record wins) and
// predictions by id (the last record of an id wins).
struct EvalInput {
  std::vector<GoldDoc> gold;
  std::map<std::string, PredDoc> pred;
};

struct ScoreOptions {
  double threshold = 0.5;           // quotes: Jaccard overlap for a match
  std::vector<std::string> types;   // entities: types to score (empty: those in the gold)
};

// Counts spans in the predictions that were malformed or outside the text (score.py's
// pred_spans_malformed_or_out_of_range), over every call.
struct Malformed {
  uint64_t count = 0;
};

Result score_quotes(const EvalInput& in, const ScoreOptions& options, Malformed& malformed);
Result score_sentences(const EvalInput& in, Malformed& malformed);
Result score_entities(const EvalInput& in, const ScoreOptions& options, Malformed& malformed);

// Python's round(x, 4).
double round4(double x);

}  // namespace quoth::eval
