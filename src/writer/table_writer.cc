// CSV (RFC 4180) and TSV writers: one table (quotes, entities or sentences) with a header row,
// one row per item; every row has the same number of columns.
#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "normalize/utf8.h"
#include "writer/table_writer.h"

namespace quoth {
namespace {

enum class Table { Quotes, Entities, Sentences };

class TableWriter final : public RecordWriter {
 public:
  TableWriter(const WriterOptions& options, Table table, char sep) : options_(options), table_(table), sep_(sep) {
    // The id, the kept fields ("id,url,section,type,..."), then the table's own columns.
    const std::vector<std::string_view> own = columns(table);
    field(header_, own[0]);
    for (const std::string& name : options_.keep) field(header_, name);
    for (size_t i = 1; i < own.size(); ++i) field(header_, own[i], i + 1 == own.size());
  }

  // The columns of `table`, id first.
  static std::vector<std::string_view> columns(Table table) {
    switch (table) {
      case Table::Quotes:
        return {"id", "type", "start", "end", "text", "speaker", "speaker_start", "speaker_end", "speaker_name",
                "speaker_entity", "cue", "cue_start", "cue_end", "sentence"};
      case Table::Entities:
        return {"id", "entity", "name", "type", "start", "end", "text"};
      case Table::Sentences:
        break;
    }
    return {"id", "sentence", "start", "end", "text"};
  }

  std::string_view header() const override { return header_; }

  using RecordWriter::format;
  void format(const Document& doc, const Analysis& a, std::string& out, RecordDrain* drain) const override {
    if (a.error) return;  // error records exist only in the JSON formats; the CLI reports them on stderr
    thread_local OffsetMap map;
    const std::string_view text = doc.text;
    map.reset(text, options_.offsets, options_.encoding_errors);
    auto slice = [&](ByteSpan s) { return text.substr(s.start, s.size()); };
    // The id and kept-field cells opening every row of this document, decoded once.
    thread_local std::string lead;
    lead.clear();
    row_lead(lead, doc);
    switch (table_) {
      case Table::Quotes:
        for (const Quote& q : a.quotes) {
          out += lead;
          field(out, to_string(q.type));
          number(out, map.convert(q.span.start));
          number(out, map.convert(q.span.end));
          field(out, slice(q.span));
          if (q.speaker) {
            field(out, slice(q.speaker->span));
            number(out, map.convert(q.speaker->span.start));
            number(out, map.convert(q.speaker->span.end));
            field(out, q.speaker->name);
            if (q.speaker->entity >= 0) number(out, q.speaker->entity);
            else field(out, "");
          } else {
            for (int i = 0; i < 5; ++i) field(out, "");
          }
          if (q.cue) {
            field(out, slice(*q.cue));
            number(out, map.convert(q.cue->start));
            number(out, map.convert(q.cue->end));
          } else {
            for (int i = 0; i < 3; ++i) field(out, "");
          }
          number(out, q.sentence, true);
          spill(out, drain);
        }
        break;
      case Table::Entities:
        for (const Entity& e : a.entities)
          for (ByteSpan m : e.mentions) {
            out += lead;
            number(out, e.id);
            field(out, e.name);
            field(out, to_string(e.type));
            number(out, map.convert(m.start));
            number(out, map.convert(m.end));
            field(out, slice(m), true);
            spill(out, drain);
          }
        break;
      case Table::Sentences:
        for (size_t i = 0; i < a.sentences.size(); ++i) {
          out += lead;
          number(out, static_cast<int64_t>(i));
          number(out, map.convert(a.sentences[i].start));
          number(out, map.convert(a.sentences[i].end));
          field(out, slice(a.sentences[i]), true);
          spill(out, drain);
        }
        break;
    }
  }

 private:
  void end_field(std::string& out, bool last) const { out.push_back(last ? '\n' : sep_); }

  // Appends the id and kept-field cells that open every row of `doc`: a kept string is written
  // as its text, any other JSON value as written, a field the record lacks as an empty cell.
  void row_lead(std::string& out, const Document& doc) const {
    field(out, doc.id);
    for (const std::string& name : options_.keep) {
      const auto it = std::find_if(doc.passthrough.begin(), doc.passthrough.end(),
                                   [&](const auto& kv) { return kv.first == name; });
      if (it == doc.passthrough.end()) field(out, "");
      else if (it->second.starts_with('"')) field(out, nlohmann::json::parse(it->second).get_ref<const std::string&>());
      else field(out, it->second);
    }
  }

  void number(std::string& out, int64_t v, bool last = false) const {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
    end_field(out, last);
  }

  // Appends one field, quoted (CSV) or escaped (TSV) as needed; invalid UTF-8 handled as in JSON.
  void field(std::string& out, std::string_view s, bool last = false) const {
    thread_local std::string clean;
    clean.clear();
    for (size_t i = 0; i < s.size();) {
      if (static_cast<unsigned char>(s[i]) < 0x80) {
        clean.push_back(s[i++]);
        continue;
      }
      const size_t len = utf8::sequence_length(s, i);
      if (len == 0) {
        if (options_.encoding_errors != EncodingErrors::Skip) clean += "\xEF\xBF\xBD";
        ++i;
      } else {
        clean.append(s.data() + i, len);
        i += len;
      }
    }
    if (sep_ == ',') {
      const bool quote = clean.find_first_of(",\"\r\n") != std::string::npos;
      if (quote) out.push_back('"');
      for (char c : clean) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
      }
      if (quote) out.push_back('"');
    } else {
      for (char c : clean) {
        switch (c) {
          case '\t': out += "\\t"; break;
          case '\n': out += "\\n"; break;
          case '\r': out += "\\r"; break;
          case '\\': out += "\\\\"; break;
          default: out.push_back(c);
        }
      }
    }
    end_field(out, last);
  }

  WriterOptions options_;
  Table table_;
  char sep_;
  std::string header_;
};

}  // namespace

std::unique_ptr<RecordWriter> make_table_writer(const WriterOptions& options, char separator,
                                                std::string& error) {
  Table table;
  if (options.table == "quotes") table = Table::Quotes;
  else if (options.table == "entities") table = Table::Entities;
  else if (options.table == "sentences") table = Table::Sentences;
  else {
    error = "--table must be quotes, entities or sentences, not '" + options.table + "'";
    return nullptr;
  }
  for (const std::string& name : options.keep) {
    for (std::string_view column : TableWriter::columns(table)) {
      if (name == column) {
        error = "--keep " + name + ": the " + options.table + " table already has a column \"" + name + "\"";
        return nullptr;
      }
    }
  }
  return std::make_unique<TableWriter>(options, table, separator);
}

}  // namespace quoth
