// `quoth eval`: precision, recall and F1 against gold annotations, with the definitions of
// score.py (see src/eval/score.h), and --min thresholds that make it a CI gate (exit 1).
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>

#include "cli/commands.h"
#include "eval/eval_data.h"
#include "eval/score.h"

namespace quoth::cli {
namespace {

struct EvalOptions {
  CommonOptions common;
  std::string gold;
  std::string pred;
  std::string format = "text";
  std::vector<std::string> min;
  std::vector<std::string> types;
  double threshold = 0.5;
};

// Reads a JSONL file line by line; calls `each(line, number)` for each non-blank line. False and
// `error` when the file cannot be read or `each` fails.
template <class Each>
bool read_jsonl(const std::string& path, Each each, std::string& error) {
  FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!f) {
    error = fmt::format("cannot open {}: {}", path, std::strerror(errno));
    return false;
  }
  char* buf = nullptr;
  size_t cap = 0;
  ssize_t n;
  uint64_t number = 0;
  bool ok = true;
  while (ok && (n = getline(&buf, &cap, f)) >= 0) {
    ++number;
    std::string_view line(buf, static_cast<size_t>(n));
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) line.remove_prefix(1);
    if (line.empty()) continue;
    std::string what;
    if (!each(line, what)) {
      error = fmt::format("{}:{}: {}", path, number, what);
      ok = false;
    }
  }
  free(buf);
  if (ok && std::ferror(f)) {
    error = fmt::format("cannot read {}", path);
    ok = false;
  }
  if (f != stdin) std::fclose(f);
  return ok;
}

// A figure named on the command line (--min NAME=VALUE) and where it lives in the results.
struct FigureName {
  std::string_view name;
  std::string_view section;  // "quotes", "sentences" or "entities"
  std::vector<std::string_view> path;
};

const std::vector<FigureName>& figure_names() {
  static const std::vector<FigureName> names = {
      {"quotes.f1", "quotes", {"all_overlap", "f1"}},
      {"quotes.precision", "quotes", {"all_overlap", "precision"}},
      {"quotes.recall", "quotes", {"all_overlap", "recall"}},
      {"quotes.exact_f1", "quotes", {"all_exact", "f1"}},
      {"direct.f1", "quotes", {"direct", "f1"}},
      {"direct.precision", "quotes", {"direct", "precision"}},
      {"direct.recall", "quotes", {"direct", "recall"}},
      {"direct.speaker_end_to_end", "quotes", {"direct", "speaker_end_to_end"}},
      {"speakers", "quotes", {"speaker_accuracy_on_matched"}},
      {"speakers.end_to_end", "quotes", {"speaker_end_to_end"}},
      {"sentences.f1", "sentences", {"boundaries", "f1"}},
      {"sentences.precision", "sentences", {"boundaries", "precision"}},
      {"sentences.recall", "sentences", {"boundaries", "recall"}},
      {"sentences.exact", "sentences", {"documents_exact_ratio"}},
      {"entities.f1", "entities", {"micro", "f1"}},
      {"entities.precision", "entities", {"micro", "precision"}},
      {"entities.recall", "entities", {"micro", "recall"}},
      {"entities.span_f1", "entities", {"span_only", "f1"}},
  };
  return names;
}

// The value of a figure, or null when the gold file does not allow it.
eval::Result figure(const eval::Result& results, const FigureName& f) {
  auto it = results.find(std::string(f.section));
  if (it == results.end()) return nullptr;
  const eval::Result* v = &*it;
  for (auto key : f.path) {
    auto k = v->find(std::string(key));
    if (k == v->end()) return nullptr;
    v = &*k;
  }
  return *v;
}

std::string show(const eval::Result& v) {
  if (v.is_null()) return "n/a";
  if (v.is_number_float()) return fmt::format("{:.4f}", v.get<double>());
  return v.dump();
}

void print_prf(std::string& out, std::string_view label, const eval::Result& r) {
  fmt::format_to(std::back_inserter(out), "  {:<28} precision {}  recall {}  f1 {}  (tp {}, pred {}, gold {})\n", label,
                 show(r["precision"]), show(r["recall"]), show(r["f1"]), r["tp"].dump(), r["pred"].dump(),
                 r["gold"].dump());
}

std::string text_report(const eval::Result& res) {
  std::string out;
  fmt::format_to(std::back_inserter(out), "gold documents {}, with predictions {}{}\n", res["gold_documents"].dump(),
                 res["pred_documents_matched"].dump(),
                 res.contains("pred_documents_unknown")
                     ? fmt::format(", predictions for unknown ids {}", res["pred_documents_unknown"].dump())
                     : "");
  if (res.contains("quotes")) {
    const auto& q = res["quotes"];
    fmt::format_to(std::back_inserter(out), "quotes (Jaccard >= {})\n", q["overlap_threshold"].dump());
    print_prf(out, "all attributions, overlap", q["all_overlap"]);
    print_prf(out, "all attributions, exact", q["all_exact"]);
    if (q.contains("direct")) {
      const auto& d = q["direct"];
      fmt::format_to(std::back_inserter(out),
                     "  {:<28} precision {}  recall {}  f1 {}  (pred {}, gold {}), speaker end to end {}\n",
                     "direct", show(d["precision"]), show(d["recall"]), show(d["f1"]), d["pred"].dump(),
                     d["gold"].dump(), show(d["speaker_end_to_end"]));
    }
    if (q.contains("speaker_accuracy_on_matched")) {
      const auto& c = q["speaker_counts"];
      fmt::format_to(std::back_inserter(out), "  {:<28} {} on matched ({} of {}), {} end to end (of {} gold)\n",
                     "speakers", show(q["speaker_accuracy_on_matched"]), c["correct"].dump(),
                     c["matched_with_gold_speaker"].dump(), show(q["speaker_end_to_end"]),
                     c["gold_with_speaker"].dump());
    }
  }
  if (res.contains("sentences")) {
    const auto& s = res["sentences"];
    out += "sentences\n";
    print_prf(out, "boundaries", s["boundaries"]);
    fmt::format_to(std::back_inserter(out), "  {:<28} {} of {} ({})\n", "documents exactly right",
                   s["documents_exact"].dump(), s["documents"].dump(), show(s["documents_exact_ratio"]));
  }
  if (res.contains("entities")) {
    const auto& e = res["entities"];
    std::string types;
    for (const auto& t : e["types"]) types += (types.empty() ? "" : ",") + t.get<std::string>();
    fmt::format_to(std::back_inserter(out), "entities (types {})\n", types);
    print_prf(out, "micro", e["micro"]);
    print_prf(out, "span only", e["span_only"]);
    for (const auto& [t, r] : e["per_type"].items()) print_prf(out, t, r);
  }
  if (res.contains("pred_spans_malformed_or_out_of_range"))
    fmt::format_to(std::back_inserter(out), "predicted spans malformed or out of range: {}\n",
                   res["pred_spans_malformed_or_out_of_range"].dump());
  out += "figures:";
  for (const auto& [name, value] : res["figures"].items()) fmt::format_to(std::back_inserter(out), " {}={}", name, show(value));
  out += '\n';
  return out;
}

// The names --min accepts, comma separated, in the order of figure_names().
std::string figure_name_list() {
  std::string known;
  for (const auto& f : figure_names()) known += (known.empty() ? "" : ", ") + std::string(f.name);
  return known;
}

// Parses a fraction as --min and --threshold take it: a plain decimal number (digits with at most
// one '.', no sign, exponent, hex, inf or nan) from 0 to 1. False when `text` is not one.
bool parse_fraction(const std::string& text, double& out) {
  bool digit = false, dot = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') digit = true;
    else if (c == '.' && !dot) dot = true;
    else return false;
  }
  if (!digit) return false;
  out = std::strtod(text.c_str(), nullptr);
  return out >= 0.0 && out <= 1.0;
}

struct Threshold {
  const FigureName* figure;
  double min;
};

bool parse_thresholds(const std::vector<std::string>& specs, std::vector<Threshold>& out, std::string& error) {
  for (const std::string& spec : specs) {
    const size_t eq = spec.find('=');
    if (eq == std::string::npos) {
      error = fmt::format("--min {}: expected NAME=VALUE, e.g. quotes.f1=0.8", spec);
      return false;
    }
    const std::string name = spec.substr(0, eq), value = spec.substr(eq + 1);
    const FigureName* found = nullptr;
    for (const auto& f : figure_names())
      if (f.name == name) found = &f;
    if (!found) {
      error = fmt::format("--min: unknown figure \"{}\" (known: {})", name, figure_name_list());
      return false;
    }
    double v = 0;
    if (!parse_fraction(value, v)) {
      error = fmt::format("--min {}: \"{}\" is not a decimal number from 0 to 1, e.g. 0.8", name, value);
      return false;
    }
    out.push_back({found, v});
  }
  return true;
}

int run(EvalOptions& o) {
  std::string error;
  if (!finish_common_options(o.common, error)) {
    fmt::print(stderr, "quoth: {}\n", error);
    return 2;
  }
  std::vector<Threshold> thresholds;
  if (!parse_thresholds(o.min, thresholds, error)) {
    fmt::print(stderr, "quoth: {}\n", error);
    return 2;
  }
  for (const std::string& t : o.types) {
    if (t.empty()) {
      fmt::print(stderr,
                 "quoth: --types: an empty type name; give type names, e.g. --types PERSON,ORG,LOC, or leave "
                 "out --types to score the types in the gold\n");
      return 2;
    }
  }
  if (!o.pred.empty() && !o.common.paths.empty()) {
    fmt::print(stderr, "quoth: give either --pred or input paths to analyse, not both\n");
    return 2;
  }
  eval::EvalInput in;
  std::map<std::string, size_t> gold_index;
  const bool gold_ok = read_jsonl(
      o.gold,
      [&](std::string_view line, std::string& what) {
        eval::GoldDoc doc;
        if (!eval::parse_gold(line, doc, what)) return false;
        auto [it, fresh] = gold_index.emplace(doc.id, in.gold.size());
        if (fresh) in.gold.push_back(std::move(doc));
        else in.gold[it->second] = std::move(doc);
        return true;
      },
      error);
  if (!gold_ok) {
    fmt::print(stderr, "quoth: {}\n", error);
    return 2;
  }

  // Predictions: a file, the pipeline on the given inputs, or the pipeline on the gold texts.
  uint64_t failed = 0;
  if (!o.pred.empty()) {
    const bool pred_ok = read_jsonl(
        o.pred,
        [&](std::string_view line, std::string& what) {
          eval::PredDoc doc;
          if (!eval::parse_pred(line, doc, what)) return false;
          // An error record is a document quoth could not process: the run exits 2.
          if (doc.error) {
            ++failed;
            fmt::print(stderr, "quoth: {}: {} (an error record in {})\n", doc.id, *doc.error, o.pred);
          }
          std::string id = doc.id;
          in.pred[id] = std::move(doc);
          return true;
        },
        error);
    if (!pred_ok) {
      fmt::print(stderr, "quoth: {}\n", error);
      return 2;
    }
  } else {
    auto pipeline = Pipeline::create(o.common.pipeline, error);
    if (!pipeline) {
      fmt::print(stderr, "quoth: {}\n", error);
      return 2;
    }
    Analysis analysis;
    auto add = [&](const Document& doc) {
      pipeline->analyze(doc, analysis);
      if (analysis.error) {
        ++failed;
        fmt::print(stderr, "quoth: {}: {}\n", doc.id, analysis.error->message);
      }
      eval::PredDoc pred;
      eval::pred_from_analysis(doc.id, doc.text, analysis, pred);
      in.pred[doc.id] = std::move(pred);
    };
    if (o.common.paths.empty()) {
      Document doc;
      for (const eval::GoldDoc& g : in.gold) {
        doc.id = g.id;
        doc.text = g.text_utf8;
        doc.source = o.gold;
        add(doc);
      }
    } else {
      auto source = DocumentSource::open(o.common.paths, o.common.input);
      Document doc;
      while (source->next(doc)) add(doc);
    }
  }

  bool quotes = false, sentences = false, entities = false;
  for (const auto& g : in.gold) {
    quotes |= g.has_quotes;
    sentences |= g.has_sentences;
    entities |= g.has_entities;
  }
  eval::ScoreOptions so;
  so.threshold = o.threshold;
  so.types = o.types;
  eval::Malformed malformed;
  eval::Result res;
  res["gold_documents"] = in.gold.size();
  uint64_t matched = 0, unknown = 0;
  for (const auto& [id, p] : in.pred) {
    if (gold_index.count(id)) ++matched;
    else ++unknown;
  }
  res["pred_documents_matched"] = matched;
  if (unknown) res["pred_documents_unknown"] = unknown;
  if (quotes) res["quotes"] = eval::score_quotes(in, so, malformed);
  if (sentences) res["sentences"] = eval::score_sentences(in, malformed);
  if (entities) res["entities"] = eval::score_entities(in, so, malformed);
  if (malformed.count) res["pred_spans_malformed_or_out_of_range"] = malformed.count;
  eval::Result figures = eval::Result::object();
  for (const auto& f : figure_names()) {
    if (f.name.find('.') != std::string_view::npos && f.name != "quotes.f1" && f.name != "direct.f1" &&
        f.name != "sentences.f1" && f.name != "entities.f1")
      continue;  // the headline figures only; every one is in the sections above
    if (!res.contains(std::string(f.section))) continue;
    figures[std::string(f.name)] = figure(res, f);
  }
  res["figures"] = figures;

  // Thresholds.
  int status = 0;
  eval::Result checks = eval::Result::array();
  std::string messages;
  for (const Threshold& t : thresholds) {
    const eval::Result v = figure(res, *t.figure);
    eval::Result c;
    c["figure"] = t.figure->name;
    c["min"] = t.min;
    c["value"] = v;
    if (v.is_null()) {
      c["ok"] = false;
      messages += fmt::format("quoth: {} is not available: the gold file has no {} (or none to count)\n",
                              t.figure->name, t.figure->section);
      status = 2;
    } else {
      const bool ok = v.get<double>() >= t.min;
      c["ok"] = ok;
      if (!ok) {
        messages += fmt::format("quoth: {} = {:.4f} is under the minimum {}\n", t.figure->name, v.get<double>(), t.min);
        if (status == 0) status = 1;
      }
    }
    checks.push_back(c);
  }
  if (!thresholds.empty()) res["thresholds"] = checks;

  if (o.format == "json") fmt::print("{}\n", res.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  else fmt::print("{}", text_report(res));
  std::fflush(stdout);
  fmt::print(stderr, "{}", messages);
  if (failed) status = 2;  // a document that could not be processed wins over a threshold not met
  return status;
}

}  // namespace

void register_eval_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<EvalOptions>();
  CLI::App* cmd = app.add_subcommand(
      "eval",
      "Precision, recall and F1 against gold annotations (quotes, speakers, sentences, entities), with the "
      "definitions of the referee score.py. Runs the pipeline on the gold texts (or on PATHs, joined on id), or "
      "scores --pred. Exit 1 when a --min threshold is not met, 2 when a document could not be processed. Runs "
      "on one thread: -j is accepted and ignored.");
  add_common_options(*cmd, o->common);
  cmd->get_option("--threads")->description("Ignored: eval analyses one document at a time");
  cmd->add_option("--gold", o->gold, "Gold JSONL: id, text, and quotes / sentences / entities (code point offsets)")
      ->required()
      ->type_name("GOLD.jsonl")
      ->group("Eval");
  cmd->add_option("--pred", o->pred, "Score this JSONL of quoth output records (code point offsets) instead of running the pipeline")
      ->type_name("PRED.jsonl")
      ->group("Eval");
  cmd->add_option("--format", o->format, "text (a table) or json (one object with every figure, score.py's keys)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str()
      ->group("Eval");
  cmd->add_option("--min", o->min,
                  "Exit 1 when figure NAME is under VALUE, a decimal number from 0 to 1 (repeatable). NAME: " +
                      figure_name_list() + " (docs/check.md says what each is)")
      ->type_name("NAME=VALUE")
      ->allow_extra_args(false)
      ->group("Eval");
  cmd->add_option("--types", o->types, "Entity types to score (default: those in the gold), e.g. PERSON,ORG,LOC")
      ->delimiter(',')
      ->type_name("T,...")
      ->allow_extra_args(false)
      ->group("Eval");
  cmd->add_option("--threshold", o->threshold, "Quotes: Jaccard overlap needed for a match, from 0 to 1")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            double v = 0;
            if (!parse_fraction(value, v)) return "a decimal number from 0 to 1, not '" + value + "'";
            return {};
          },
          "0..1"))
      ->capture_default_str()
      ->group("Eval");
  cmd->callback([o, &exit_code] { exit_code = run(*o); });
}

}  // namespace quoth::cli
