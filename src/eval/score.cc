// The referee's definitions, ported line by line from score.py (see score.h). Offsets are code
// points; Python's str.isspace/strip are reproduced for the white space they know.
#include "eval/score.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <tuple>

namespace quoth::eval {
namespace {

constexpr std::u32string_view kQuoteMarks = U"\"'\u201C\u201D\u2018\u2019\u00AB\u00BB\u201E\u201F\u201A\u201B\u2039\u203A\u300C\u300D\u300E\u300F";
constexpr std::u32string_view kEdgeExtra = U" \t\r\n\u00A0,.;:!?\u2014\u2013-\u2026()[]";

bool is_edge_punct(char32_t c) {
  return kQuoteMarks.find(c) != std::u32string_view::npos || kEdgeExtra.find(c) != std::u32string_view::npos;
}

// Python's str.isspace() for one character.
bool py_isspace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// Python's slice s[a:b] with its clamping (and negative indexes counted from the end).
std::u32string_view py_slice(std::u32string_view s, int64_t a, int64_t b) {
  const int64_t n = static_cast<int64_t>(s.size());
  auto fix = [n](int64_t i) {
    if (i < 0) i += n;
    return std::clamp<int64_t>(i, 0, n);
  };
  a = fix(a), b = fix(b);
  if (b <= a) return {};
  return s.substr(static_cast<size_t>(a), static_cast<size_t>(b - a));
}

std::u32string_view py_strip(std::u32string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && py_isspace(s[b])) ++b;
  while (e > b && py_isspace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

Result prf(uint64_t tp, uint64_t n_pred, uint64_t n_gold) {
  const double p = n_pred ? static_cast<double>(tp) / static_cast<double>(n_pred) : 0.0;
  const double r = n_gold ? static_cast<double>(tp) / static_cast<double>(n_gold) : 0.0;
  const double f = p + r != 0.0 ? 2 * p * r / (p + r) : 0.0;
  Result out;
  out["precision"] = round4(p);
  out["recall"] = round4(r);
  out["f1"] = round4(f);
  out["tp"] = tp;
  out["pred"] = n_pred;
  out["gold"] = n_gold;
  return out;
}

using Span = std::pair<int64_t, int64_t>;

// score.py's span(): the record's (start, end), clamped to [0, length] when a length is given; a
// malformed or out-of-range record is counted.
Span span_of(const RawSpan& x, Malformed& malformed, int64_t length = -1) {
  if (!x.ok) {
    ++malformed.count;
    return {0, 0};
  }
  int64_t a = x.start, b = x.end;
  if (length >= 0) {
    if (!(0 <= a && a <= b && b <= length)) ++malformed.count;
    a = std::max<int64_t>(0, std::min(a, length));
    b = std::max<int64_t>(0, std::min(b, length));
  }
  return {a, b};
}

Span trim(std::u32string_view text, int64_t s, int64_t e) {
  const int64_t n = static_cast<int64_t>(text.size());
  auto at = [&](int64_t i) -> char32_t { return i >= 0 && i < n ? text[static_cast<size_t>(i)] : U'\0'; };
  for (;;) {
    const int64_t s0 = s, e0 = e;
    while (s < e && s < n && is_edge_punct(at(s))) ++s;
    while (e > s && e - 1 < n && is_edge_punct(at(e - 1))) --e;
    if (py_slice(text, s, s + 5) == U"that " && e - s > 5) s += 5;
    if (s == s0 && e == e0) return {s, e};
  }
}

double jaccard(Span a, Span b) {
  const int64_t inter = std::max<int64_t>(0, std::min(a.second, b.second) - std::max(a.first, b.first));
  const int64_t uni = std::max(a.second, b.second) - std::min(a.first, b.first);
  return uni > 0 ? static_cast<double>(inter) / static_cast<double>(uni) : 0.0;
}

double inside(Span a, Span b) {
  const int64_t inter = std::max<int64_t>(0, std::min(a.second, b.second) - std::max(a.first, b.first));
  return a.second > a.first ? static_cast<double>(inter) / static_cast<double>(a.second - a.first) : 0.0;
}

// Greedy one-to-one matching by overlap, highest first (ties: higher gold index, then higher
// prediction index first, as Python's reverse tuple sort); returns gold index -> pred index.
std::map<size_t, size_t> match(const std::vector<Span>& golds, const std::vector<Span>& preds, double threshold) {
  std::vector<std::tuple<double, size_t, size_t>> pairs;
  for (size_t gi = 0; gi < golds.size(); ++gi)
    for (size_t pi = 0; pi < preds.size(); ++pi) {
      const double ov = jaccard(golds[gi], preds[pi]);
      if (ov >= threshold) pairs.emplace_back(ov, gi, pi);
    }
  std::sort(pairs.begin(), pairs.end(), std::greater<>());
  std::vector<bool> used_g(golds.size()), used_p(preds.size());
  std::map<size_t, size_t> out;
  for (const auto& [ov, gi, pi] : pairs) {
    if (used_g[gi] || used_p[pi]) continue;
    used_g[gi] = used_p[pi] = true;
    out[gi] = pi;
  }
  return out;
}

bool speaker_ok(const GoldQuote& gq, const PredQuote& pq, Malformed& malformed) {
  if (!gq.speaker_span || !pq.speaker) return false;
  const Span a = span_of(*gq.speaker_span, malformed), b = span_of(*pq.speaker, malformed);
  return std::min(a.second, b.second) > std::max(a.first, b.first);
}

// A gold quote split by its attribution becomes one unit per part; parts separated only by white
// space are one part.
std::vector<GoldQuote> expand_parts(std::u32string_view text, const std::vector<GoldQuote>& quotes) {
  std::vector<GoldQuote> out;
  for (const GoldQuote& q : quotes) {
    auto parts = q.parts;
    std::sort(parts.begin(), parts.end());
    if (parts.size() < 2) {
      out.push_back(q);
      continue;
    }
    std::vector<Span> merged{parts[0]};
    for (size_t k = 1; k < parts.size(); ++k) {
      const auto [a, b] = parts[k];
      if (py_strip(py_slice(text, merged.back().second, a)).empty()) merged.back().second = b;
      else merged.push_back({a, b});
    }
    for (const auto& [a, b] : merged) {
      GoldQuote unit = q;
      unit.start = a;
      unit.end = b;
      unit.parts.clear();
      out.push_back(std::move(unit));
    }
  }
  return out;
}

const PredDoc kNoPrediction;

const PredDoc& pred_for(const EvalInput& in, const std::string& id) {
  auto it = in.pred.find(id);
  return it == in.pred.end() ? kNoPrediction : it->second;
}

Result ratio(uint64_t a, uint64_t b) {
  if (!b) return nullptr;
  return round4(static_cast<double>(a) / static_cast<double>(b));
}

std::string norm_type(std::string t) {
  for (char& c : t) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  if (t == "GPE" || t == "FAC" || t == "LOCATION") return "LOC";
  if (t == "PER") return "PERSON";
  if (t == "ORGANIZATION") return "ORG";
  return t;
}

}  // namespace

double round4(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4f", x);
  return std::strtod(buf, nullptr);
}

Result score_quotes(const EvalInput& in, const ScoreOptions& options, Malformed& malformed) {
  const double t = options.threshold;
  uint64_t d_tp_r = 0, d_gold = 0, d_tp_p = 0, d_pred = 0, d_speaker_ok = 0, d_gold_with_speaker = 0;
  uint64_t o_tp = 0, o_pred = 0, o_gold = 0, o_exact = 0;
  uint64_t s_matched = 0, s_correct = 0, s_gold = 0;
  bool has_types = false, has_speakers = false;
  for (const GoldDoc& g : in.gold) {
    const std::u32string_view text = g.text;
    const int64_t len = static_cast<int64_t>(text.size());
    std::vector<GoldQuote> gq;
    for (GoldQuote& q : expand_parts(text, g.quotes))
      if (q.end > q.start) gq.push_back(std::move(q));
    std::vector<const PredQuote*> pq;
    std::vector<Span> pspans;
    for (const PredQuote& q : pred_for(in, g.id).quotes) {
      const auto [a, b] = span_of(q.span, malformed, len);
      if (b > a) {
        pq.push_back(&q);
        pspans.push_back(trim(text, a, b));
      }
    }
    std::vector<Span> gspans;
    for (const GoldQuote& q : gq) gspans.push_back(trim(text, q.start, q.end));
    const auto m = match(gspans, pspans, t);
    o_tp += m.size();
    o_pred += pspans.size();
    o_gold += gspans.size();
    for (const auto& [gi, pi] : m) o_exact += gspans[gi] == pspans[pi];
    std::vector<int> room(gq.size());
    for (size_t gi = 0; gi < gq.size(); ++gi) room[gi] = gq[gi].type == "direct";
    for (const auto& [gi, pi] : m)
      if (pq[pi]->type == "direct") room[gi] -= 1;
    for (size_t gi = 0; gi < gq.size(); ++gi) {
      const GoldQuote& q = gq[gi];
      has_types |= q.type.has_value();
      if (q.type == "direct") {
        ++d_gold;
        const auto hit = m.find(gi);
        d_tp_r += hit != m.end();
        if (q.speaker_span) {
          ++d_gold_with_speaker;
          d_speaker_ok += hit != m.end() && speaker_ok(q, *pq[hit->second], malformed);
        }
      }
    }
    std::vector<bool> matched_p(pq.size());
    for (const auto& [gi, pi] : m) matched_p[pi] = true;
    for (size_t pi = 0; pi < pq.size(); ++pi) {
      if (pq[pi]->type != "direct") continue;
      ++d_pred;
      if (matched_p[pi]) {
        ++d_tp_p;
        continue;
      }
      for (size_t gi = 0; gi < gspans.size(); ++gi) {
        if (room[gi] > 0 && inside(pspans[pi], gspans[gi]) >= 0.9) {
          room[gi] -= 1;
          ++d_tp_p;
          break;
        }
      }
    }
    for (size_t gi = 0; gi < gq.size(); ++gi) {
      if (!gq[gi].speaker_span) continue;
      has_speakers = true;
      ++s_gold;
      const auto hit = m.find(gi);
      if (hit != m.end()) {
        ++s_matched;
        s_correct += speaker_ok(gq[gi], *pq[hit->second], malformed);
      }
    }
  }
  const Result rp = ratio(d_tp_p, d_pred), rr = ratio(d_tp_r, d_gold);
  const double dp = rp.is_null() ? 0.0 : rp.get<double>();
  const double dr = rr.is_null() ? 0.0 : rr.get<double>();
  const double df = dp + dr != 0.0 ? round4(2 * dp * dr / (dp + dr)) : 0.0;
  Result res;
  res["overlap_threshold"] = t;
  res["all_overlap"] = prf(o_tp, o_pred, o_gold);
  res["all_exact"] = prf(o_exact, o_pred, o_gold);
  if (has_types) {
    Result d;
    d["precision"] = dp;
    d["recall"] = dr;
    d["f1"] = df;
    d["pred"] = d_pred;
    d["gold"] = d_gold;
    d["speaker_end_to_end"] = ratio(d_speaker_ok, d_gold_with_speaker);
    res["direct"] = d;
  }
  if (has_speakers) {
    res["speaker_accuracy_on_matched"] = ratio(s_correct, s_matched);
    res["speaker_end_to_end"] = ratio(s_correct, s_gold);
    Result c;
    c["matched_with_gold_speaker"] = s_matched;
    c["correct"] = s_correct;
    c["gold_with_speaker"] = s_gold;
    res["speaker_counts"] = c;
  }
  return res;
}

namespace {

std::set<int64_t> boundaries(std::u32string_view text, const std::vector<Span>& spans) {
  std::set<int64_t> out;
  const int64_t n = static_cast<int64_t>(text.size());
  for (size_t k = 1; k < spans.size(); ++k) {
    int64_t s = spans[k].first;
    while (s >= 0 && s < n && py_isspace(text[static_cast<size_t>(s)])) ++s;
    out.insert(s);
  }
  return out;
}

}  // namespace

Result score_sentences(const EvalInput& in, Malformed& malformed) {
  uint64_t cases = 0, passed = 0, tp = 0, n_pred = 0, n_gold = 0;
  for (const GoldDoc& g : in.gold) {
    const std::u32string_view text = g.text;
    const int64_t len = static_cast<int64_t>(text.size());
    std::vector<Span> pspans;
    for (const RawSpan& x : pred_for(in, g.id).sentences) pspans.push_back(span_of(x, malformed, len));
    std::vector<std::u32string_view> got, want;
    for (const auto& [s, e] : pspans) {
      auto str = py_strip(py_slice(text, s, e));
      if (!str.empty()) got.push_back(str);
    }
    for (const auto& s : g.sentences) {
      auto str = py_strip(s);
      if (!str.empty()) want.push_back(str);
    }
    ++cases;
    passed += got == want;
    // Gold sentences located in the text in order; a gold file whose sentences are not
    // substrings (cleaned text) adds no boundaries.
    std::vector<Span> gspans;
    size_t pos = 0;
    bool found_all = true;
    for (auto s : want) {
      const size_t i = text.find(s, pos);
      if (i == std::u32string_view::npos) {
        found_all = false;
        break;
      }
      gspans.push_back({static_cast<int64_t>(i), static_cast<int64_t>(i + s.size())});
      pos = i + s.size();
    }
    if (!found_all) continue;
    const auto gb = boundaries(text, gspans), pb = boundaries(text, pspans);
    for (int64_t b : gb) tp += pb.count(b);
    n_pred += pb.size();
    n_gold += gb.size();
  }
  Result res;
  res["documents"] = cases;
  res["documents_exact"] = passed;
  res["documents_exact_ratio"] = cases ? round4(static_cast<double>(passed) / static_cast<double>(cases)) : 0.0;
  res["boundaries"] = prf(tp, n_pred, n_gold);
  return res;
}

Result score_entities(const EvalInput& in, const ScoreOptions& options, Malformed& malformed) {
  std::set<std::string> types;
  if (!options.types.empty()) {
    for (const auto& t : options.types) types.insert(norm_type(t));
  } else {
    for (const GoldDoc& g : in.gold)
      for (const GoldEntity& e : g.entities) types.insert(norm_type(e.type));
  }
  using Mention = std::tuple<int64_t, int64_t, std::string>;
  std::map<std::string, std::array<uint64_t, 3>> exact;
  for (const auto& t : types) exact[t] = {0, 0, 0};
  std::array<uint64_t, 3> span_only{0, 0, 0};
  for (const GoldDoc& g : in.gold) {
    std::set<Mention> gm, pm;
    for (const GoldEntity& e : g.entities) {
      std::string t = norm_type(e.type);
      if (types.count(t)) gm.emplace(e.start, e.end, std::move(t));
    }
    for (const PredMention& m : pred_for(in, g.id).mentions) {
      const Span s = span_of(m.span, malformed);
      std::string t = norm_type(m.type);
      if (types.count(t)) pm.emplace(s.first, s.second, std::move(t));
    }
    for (const auto& t : types) {
      uint64_t ng = 0, np = 0, both = 0;
      for (const auto& x : gm) {
        if (std::get<2>(x) != t) continue;
        ++ng;
        both += pm.count(x);
      }
      for (const auto& x : pm) np += std::get<2>(x) == t;
      exact[t][0] += both;
      exact[t][1] += np;
      exact[t][2] += ng;
    }
    std::set<Span> gs, ps;
    for (const auto& x : gm) gs.emplace(std::get<0>(x), std::get<1>(x));
    for (const auto& x : pm) ps.emplace(std::get<0>(x), std::get<1>(x));
    for (const auto& s : gs) span_only[0] += ps.count(s);
    span_only[1] += ps.size();
    span_only[2] += gs.size();
  }
  std::array<uint64_t, 3> micro{0, 0, 0};
  for (const auto& [t, v] : exact)
    for (int i = 0; i < 3; ++i) micro[i] += v[i];
  Result res;
  res["types"] = Result::array();
  for (const auto& t : types) res["types"].push_back(t);
  res["micro"] = prf(micro[0], micro[1], micro[2]);
  res["span_only"] = prf(span_only[0], span_only[1], span_only[2]);
  Result per = Result::object();
  for (const auto& [t, v] : exact) per[t] = prf(v[0], v[1], v[2]);
  res["per_type"] = per;
  return res;
}

}  // namespace quoth::eval
