// JSON Lines and JSON array writers: the output record of DESIGN.md §3, hand-written for speed
// with full JSON string escaping.
#include <charconv>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "normalize/utf8.h"
#include "writer/json_writer.h"

namespace quoth {
namespace {

// Appends a string literal (its length known at compile time).
template <size_t N>
void put(std::string& out, const char (&s)[N]) {
  out.append(s, N - 1);
}

// The first position at or after `i` in s[0, n) of a byte that JSON output cannot copy as it
// is (a control byte, '"', '\\' or a non-ASCII byte), or n.
inline size_t plain_run_end(const char* s, size_t i, size_t n) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
  while (i + 16 <= n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    // Signed compare: bytes >= 0x80 are negative, so "v < 0x20" also flags every non-ASCII byte.
    __m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash));
    m = _mm_or_si128(m, _mm_cmplt_epi8(v, space));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(m));
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
    i += 16;
  }
#endif
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
    ++i;
  }
  return i;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s, EncodingErrors errors) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    // Copy the longest run of bytes that need no escaping in one go.
    const size_t run = plain_run_end(s.data(), i, n);
    out.append(s.data() + i, run - i);
    i = run;
    if (i >= n) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const size_t len = utf8::sequence_length(s, i);
      if (len == 0) {
        if (errors != EncodingErrors::Skip) put(out, "\xEF\xBF\xBD");
        ++i;
      } else {
        out.append(s.data() + i, len);
        i += len;
      }
      continue;
    }
    switch (c) {
      case '"': put(out, "\\\""); break;
      case '\\': put(out, "\\\\"); break;
      case '\n': put(out, "\\n"); break;
      case '\r': put(out, "\\r"); break;
      case '\t': put(out, "\\t"); break;
      case '\b': put(out, "\\b"); break;
      case '\f': put(out, "\\f"); break;
      default:
        put(out, "\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
    ++i;
  }
  out.push_back('"');
}

namespace {

void append_int(std::string& out, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

}  // namespace

void JsonRecordWriter::append_span(std::string& out, std::string_view text, const OffsetMap& map,
                                   ByteSpan span, bool with_text) const {
  // The fixed part is put together aside and appended at once.
  char buf[64];  // 63 bytes at most: two 20-digit numbers and the names
  char* p = buf;
  auto literal = [&p](std::string_view s) {
    std::memcpy(p, s.data(), s.size());
    p += s.size();
  };
  literal("\"start\":");
  p = std::to_chars(p, p + 20, map.convert(span.start)).ptr;  // 20 digits hold any uint64_t
  literal(",\"end\":");
  p = std::to_chars(p, p + 20, map.convert(span.end)).ptr;
  if (with_text) literal(",\"text\":");
  out.append(buf, static_cast<size_t>(p - buf));
  if (with_text) append_json_string(out, text.substr(span.start, span.size()), options_.encoding_errors);
}

void JsonRecordWriter::format(const Document& doc, const Analysis& a, std::string& out, RecordDrain* drain) const {
  thread_local OffsetMap map;
  const std::string_view text = doc.text;
  const EncodingErrors errors = options_.encoding_errors;
  put(out, "{\"id\":");
  append_json_string(out, doc.id, errors);
  for (const auto& [name, raw] : doc.passthrough) {
    out.push_back(',');
    append_json_string(out, name, errors);
    out.push_back(':');
    out += raw;
  }
  if (a.error) {
    put(out, ",\"error\":{\"code\":");
    append_json_string(out, a.error->code, errors);
    put(out, ",\"message\":");
    append_json_string(out, a.error->message, errors);
    put(out, "}}");
    return;
  }
  map.reset(text, options_.offsets, errors);

  put(out, ",\"quotes\":[");
  for (size_t i = 0; i < a.quotes.size(); ++i) {
    const Quote& q = a.quotes[i];
    if (i) out.push_back(',');
    put(out, "{\"type\":\"");
    out += to_string(q.type);
    put(out, "\",");
    append_span(out, text, map, q.span, true);
    put(out, ",\"speaker\":");
    if (q.speaker) {
      out.push_back('{');
      append_span(out, text, map, q.speaker->span, true);
      put(out, ",\"name\":");
      append_json_string(out, q.speaker->name, errors);
      put(out, ",\"entity\":");
      if (q.speaker->entity >= 0) append_int(out, q.speaker->entity);
      else put(out, "null");
      out.push_back('}');
    } else {
      put(out, "null");
    }
    put(out, ",\"cue\":");
    if (q.cue) {
      out.push_back('{');
      append_span(out, text, map, *q.cue, true);
      out.push_back('}');
    } else {
      put(out, "null");
    }
    put(out, ",\"sentence\":");
    if (q.sentence >= 0) append_int(out, q.sentence);
    else put(out, "null");
    out.push_back('}');
    spill(out, drain);
  }
  put(out, "],\"entities\":[");
  for (size_t i = 0; i < a.entities.size(); ++i) {
    const Entity& e = a.entities[i];
    if (i) out.push_back(',');
    put(out, "{\"id\":");
    append_int(out, e.id);
    put(out, ",\"name\":");
    append_json_string(out, e.name, errors);
    put(out, ",\"type\":\"");
    out += to_string(e.type);
    put(out, "\",\"mentions\":[");
    for (size_t m = 0; m < e.mentions.size(); ++m) {
      if (m) out.push_back(',');
      out.push_back('{');
      append_span(out, text, map, e.mentions[m], true);
      out.push_back('}');
      spill(out, drain);
    }
    put(out, "]}");
    spill(out, drain);
  }
  out.push_back(']');
  if (options_.sentences) {
    put(out, ",\"sentences\":[");
    for (size_t i = 0; i < a.sentences.size(); ++i) {
      if (i) out.push_back(',');
      out.push_back('{');
      append_span(out, text, map, a.sentences[i], false);
      out.push_back('}');
      spill(out, drain);
    }
    out.push_back(']');
  }
  out.push_back('}');
}

std::unique_ptr<RecordWriter> make_json_writer(const WriterOptions& options, bool lines, std::string& error) {
  // The record's own keys, as JsonRecordWriter::format writes them.
  for (const std::string& name : options.keep) {
    for (std::string_view own : {"id", "error", "quotes", "entities", "sentences"}) {
      if (name == own) {
        error = "--keep " + name + ": the output record already has a field \"" + name + "\"";
        return nullptr;
      }
    }
  }
  if (lines) return std::make_unique<JsonLinesWriter>(options);
  return std::make_unique<JsonRecordWriter>(options);
}

void JsonLinesWriter::format(const Document& doc, const Analysis& a, std::string& out, RecordDrain* drain) const {
  JsonRecordWriter::format(doc, a, out, drain);
  out.push_back('\n');
}

}  // namespace quoth
