// Reading gold and prediction records for `quoth eval` (see eval_data.h).
#include "eval/eval_data.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "normalize/utf8.h"
#include "writer/offsets.h"

namespace quoth::eval {
namespace {

using json = nlohmann::json;

// Python's str() of a JSON id: strings as they are, numbers and the rest as JSON text.
std::string id_string(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "True" : "False";
  if (v.is_null()) return "None";
  return v.dump();
}

// Python's int() of a JSON value; false where int() would raise.
bool to_int(const json& v, int64_t& out) {
  if (v.is_number_integer()) {
    out = v.get<int64_t>();
    return true;
  }
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (!std::isfinite(d)) return false;
    out = static_cast<int64_t>(std::trunc(d));
    return true;
  }
  if (v.is_boolean()) {
    out = v.get<bool>() ? 1 : 0;
    return true;
  }
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
    size_t i = b;
    if (i < e && (s[i] == '-' || s[i] == '+')) ++i;
    if (i == e) return false;
    for (size_t k = i; k < e; ++k)
      if (s[k] < '0' || s[k] > '9') return false;
    out = std::stoll(s.substr(b, e - b));
    return true;
  }
  return false;
}

RawSpan raw_span(const json& x) {
  RawSpan s;
  if (!x.is_object()) return s;
  auto a = x.find("start"), b = x.find("end");
  if (a == x.end() || b == x.end()) return s;
  s.ok = to_int(*a, s.start) && to_int(*b, s.end);
  if (!s.ok) s.start = s.end = 0;
  return s;
}

bool parse_object(std::string_view line, json& root, std::string& error) {
  root = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    error = "not JSON";
    return false;
  }
  if (!root.is_object() || !root.contains("id")) {
    error = "a record must be an object with an \"id\"";
    return false;
  }
  return true;
}

bool gold_int(const json& q, const char* key, int64_t& out, std::string& error) {
  auto it = q.find(key);
  if (it == q.end() || !it->is_number_integer()) {
    error = std::string("a gold span needs an integer \"") + key + "\"";
    return false;
  }
  out = it->get<int64_t>();
  return true;
}

}  // namespace

std::u32string to_code_points(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t len;
    out.push_back(utf8::decode(text, i, len));
    i += len;
  }
  return out;
}

bool parse_gold(std::string_view line, GoldDoc& doc, std::string& error) {
  json root;
  if (!parse_object(line, root, error)) return false;
  doc = GoldDoc{};
  doc.id = id_string(root["id"]);
  auto text = root.find("text");
  if (text == root.end() || !text->is_string()) {
    error = "a gold record needs a string \"text\"";
    return false;
  }
  doc.text_utf8 = text->get<std::string>();
  doc.text = to_code_points(doc.text_utf8);
  if (auto qs = root.find("quotes"); qs != root.end() && !qs->is_null()) {
    if (!qs->is_array()) {
      error = "\"quotes\" must be an array";
      return false;
    }
    doc.has_quotes = true;
    for (const json& q : *qs) {
      GoldQuote g;
      if (!q.is_object() || !gold_int(q, "start", g.start, error) || !gold_int(q, "end", g.end, error)) {
        if (error.empty()) error = "a gold quote must be an object";
        return false;
      }
      if (auto t = q.find("type"); t != q.end()) g.type = t->is_string() ? t->get<std::string>() : t->dump();
      if (auto s = q.find("speaker_span"); s != q.end() && !s->is_null() && !(s->is_object() && s->empty()))
        g.speaker_span = raw_span(*s);
      if (auto ps = q.find("parts"); ps != q.end() && ps->is_array()) {
        for (const json& p : *ps) {
          int64_t a, b;
          if (!p.is_object() || !gold_int(p, "start", a, error) || !gold_int(p, "end", b, error)) {
            if (error.empty()) error = "a quote part must be an object";
            return false;
          }
          g.parts.emplace_back(a, b);
        }
      }
      doc.quotes.push_back(std::move(g));
    }
  }
  if (auto ss = root.find("sentences"); ss != root.end()) {
    if (!ss->is_array()) {
      error = "\"sentences\" must be an array of strings";
      return false;
    }
    doc.has_sentences = true;
    for (const json& s : *ss) {
      if (!s.is_string()) {
        error = "\"sentences\" must be an array of strings";
        return false;
      }
      doc.sentences.push_back(to_code_points(s.get<std::string>()));
    }
  }
  if (auto es = root.find("entities"); es != root.end()) {
    if (!es->is_array()) {
      error = "\"entities\" must be an array";
      return false;
    }
    doc.has_entities = true;
    for (const json& e : *es) {
      GoldEntity g;
      if (!e.is_object() || !gold_int(e, "start", g.start, error) || !gold_int(e, "end", g.end, error) ||
          !e.contains("type")) {
        if (error.empty()) error = "a gold entity needs \"start\", \"end\" and \"type\"";
        return false;
      }
      g.type = e["type"].is_string() ? e["type"].get<std::string>() : e["type"].dump();
      doc.entities.push_back(std::move(g));
    }
  }
  return true;
}

bool parse_pred(std::string_view line, PredDoc& doc, std::string& error) {
  json root;
  if (!parse_object(line, root, error)) return false;
  doc = PredDoc{};
  doc.id = id_string(root["id"]);
  if (auto e = root.find("error"); e != root.end()) {
    doc.error = e->dump();
    if (e->is_object())
      if (auto m = e->find("message"); m != e->end() && m->is_string()) doc.error = m->get<std::string>();
  }
  if (auto qs = root.find("quotes"); qs != root.end() && qs->is_array()) {
    for (const json& q : *qs) {
      PredQuote p;
      p.span = raw_span(q);
      if (q.is_object()) {
        if (auto t = q.find("type"); t != q.end() && t->is_string()) p.type = t->get<std::string>();
        if (auto s = q.find("speaker"); s != q.end() && s->is_object() && s->contains("start")) p.speaker = raw_span(*s);
      }
      doc.quotes.push_back(std::move(p));
    }
  }
  if (auto ss = root.find("sentences"); ss != root.end() && ss->is_array())
    for (const json& s : *ss) doc.sentences.push_back(raw_span(s));
  if (auto es = root.find("entities"); es != root.end() && es->is_array()) {
    for (const json& e : *es) {
      if (!e.is_object()) continue;
      auto type_of = [](const json& o, std::string& out) {
        auto t = o.find("type");
        if (t == o.end()) return false;
        out = t->is_string() ? t->get<std::string>() : t->is_null() ? "None" : t->dump();
        return true;
      };
      std::string etype = "None";
      type_of(e, etype);
      if (auto ms = e.find("mentions"); ms != e.end()) {
        if (!ms->is_array()) continue;
        for (const json& m : *ms) {
          PredMention pm;
          pm.span = raw_span(m);
          pm.type = etype;
          if (m.is_object()) type_of(m, pm.type);
          doc.mentions.push_back(std::move(pm));
        }
      } else {
        doc.mentions.push_back({raw_span(e), etype});
      }
    }
  }
  return true;
}

void pred_from_analysis(std::string_view id, std::string_view text, const Analysis& analysis, PredDoc& doc) {
  doc = PredDoc{};
  doc.id = std::string(id);
  thread_local OffsetMap map;
  map.reset(text, OffsetUnit::Codepoint, EncodingErrors::Replace);
  auto cp = [&](ByteSpan s) {
    return RawSpan{true, static_cast<int64_t>(map.convert(s.start)), static_cast<int64_t>(map.convert(s.end))};
  };
  for (const Quote& q : analysis.quotes) {
    PredQuote p;
    p.span = cp(q.span);
    p.type = std::string(to_string(q.type));
    if (q.speaker) p.speaker = cp(q.speaker->span);
    doc.quotes.push_back(std::move(p));
  }
  for (ByteSpan s : analysis.sentences) doc.sentences.push_back(cp(s));
  for (const Entity& e : analysis.entities)
    for (ByteSpan m : e.mentions) doc.mentions.push_back({cp(m), std::string(to_string(e.type))});
}

}  // namespace quoth::eval
