// Report formats of `quoth check` (see report.h).
#include "check/report.h"

#include <fmt/format.h>

#include "normalize/utf8.h"
#include "writer/record_writer.h"

namespace quoth::check {
namespace {

void json_string(std::string& out, std::string_view s) { append_json_string(out, s, EncodingErrors::Replace); }

std::string_view display_file(std::string_view file) { return file == "-" ? std::string_view("<stdin>") : file; }

class TextReporter final : public Reporter {
 public:
  void document(const DocumentFindings& d, std::string& out) override {
    for (size_t i = 0; i < d.findings.size(); ++i) {
      const Finding& f = d.findings[i];
      fmt::format_to(std::back_inserter(out), "{}:{}:{}: {}: {} [{}]\n", display_file(d.file), d.locations[i].line,
                     d.locations[i].column, to_string(f.severity), f.message, rule_info(f.rule).id);
    }
  }
};

class JsonlReporter final : public Reporter {
 public:
  void document(const DocumentFindings& d, std::string& out) override {
    for (size_t i = 0; i < d.findings.size(); ++i) {
      const Finding& f = d.findings[i];
      out += "{\"file\":";
      json_string(out, d.file);
      fmt::format_to(std::back_inserter(out), ",\"line\":{},\"column\":{},\"id\":", d.locations[i].line,
                     d.locations[i].column);
      json_string(out, d.id);
      fmt::format_to(std::back_inserter(out), ",\"rule\":\"{}\",\"severity\":\"{}\",\"message\":", rule_info(f.rule).id,
                     to_string(f.severity));
      json_string(out, f.message);
      out += "}\n";
    }
  }
};

// GitHub workflow commands: ::warning file=F,line=L,col=C,title=T::MESSAGE
void github_escape(std::string& out, std::string_view s, bool property) {
  for (char c : s) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
}

class GithubReporter final : public Reporter {
 public:
  void document(const DocumentFindings& d, std::string& out) override {
    for (size_t i = 0; i < d.findings.size(); ++i) {
      const Finding& f = d.findings[i];
      out += f.severity == Severity::Error ? "::error file=" : f.severity == Severity::Warning ? "::warning file=" : "::notice file=";
      github_escape(out, display_file(d.file), true);
      fmt::format_to(std::back_inserter(out), ",line={},col={},title=", d.locations[i].line, d.locations[i].column);
      github_escape(out, fmt::format("quoth {}", rule_info(f.rule).id), true);
      out += "::";
      github_escape(out, f.message, false);
      out += '\n';
    }
  }
};

// SARIF 2.1.0: the tool and its rules first, then the results streamed as documents come.
std::string_view sarif_level(Severity s) {
  return s == Severity::Error ? "error" : s == Severity::Warning ? "warning" : "note";
}

// A relative URI reference for a path: unreserved characters and '/' kept, the rest %-encoded.
void append_uri(std::string& out, std::string_view path) {
  if (path == "-") path = "stdin";
  for (unsigned char c : path) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      fmt::format_to(std::back_inserter(out), "%{:02X}", c);
    }
  }
}

class SarifReporter final : public Reporter {
 public:
  void begin(std::string& out) override {
    out +=
        "{\"version\":\"2.1.0\",\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"runs\":[{\"tool\":{"
        "\"driver\":{\"name\":\"quoth\",\"version\":\"0.1.0\",\"informationUri\":\"https://github.com/quoth/quoth\","
        "\"rules\":[";
    bool first = true;
    for (const auto& r : all_rules()) {
      if (!first) out += ',';
      first = false;
      fmt::format_to(std::back_inserter(out), "{{\"id\":\"{}\",\"shortDescription\":{{\"text\":", r.id);
      json_string(out, r.description);
      fmt::format_to(std::back_inserter(out), "}},\"defaultConfiguration\":{{\"level\":\"{}\"}}}}",
                     sarif_level(r.default_severity));
    }
    out += "]}},\"results\":[";
  }

  void document(const DocumentFindings& d, std::string& out) override {
    for (size_t i = 0; i < d.findings.size(); ++i) {
      const Finding& f = d.findings[i];
      if (!first_) out += ',';
      first_ = false;
      fmt::format_to(std::back_inserter(out), "\n{{\"ruleId\":\"{}\",\"ruleIndex\":{},\"level\":\"{}\",\"message\":{{\"text\":",
                     rule_info(f.rule).id, static_cast<int>(f.rule), sarif_level(f.severity));
      json_string(out, f.message);
      out += "},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"";
      append_uri(out, d.file);
      fmt::format_to(std::back_inserter(out), "\"}},\"region\":{{\"startLine\":{},\"startColumn\":{}}}}},",
                     d.locations[i].line, d.locations[i].column);
      out += "\"logicalLocations\":[{\"name\":";
      json_string(out, d.id);
      out += ",\"kind\":\"object\"}]}]}";
    }
  }

  void end(const Summary&, std::string& out) override { out += "\n]}]}\n"; }

 private:
  bool first_ = true;
};

// XML 1.0 character data: markup characters escaped, characters XML cannot hold (most C0
// controls, invalid UTF-8) written as U+FFFD.
void xml_escape(std::string& out, std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        case '\n': out += "&#10;"; break;
        case '\t': out += "&#9;"; break;
        case '\r': out += "&#13;"; break;
        default: out += c < 0x20 ? std::string_view("\uFFFD") : std::string_view(s.data() + i, 1);
      }
      ++i;
      continue;
    }
    const size_t len = utf8::sequence_length(s, i);
    size_t ignored;
    const char32_t cp = len ? utf8::decode(s, i, ignored) : 0xFFFD;
    if (len == 0 || cp == 0xFFFE || cp == 0xFFFF) {
      out += "\uFFFD";
      i += len ? len : 1;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
  }
}

class JunitReporter final : public Reporter {
 public:
  explicit JunitReporter(Severity fail_on) : fail_on_(fail_on) {}

  void document(const DocumentFindings& d, std::string&) override {
    ++tests_;
    cases_ += "    <testcase classname=\"";
    xml_escape(cases_, display_file(d.file));
    cases_ += "\" name=\"";
    xml_escape(cases_, d.id);
    cases_ += "\"";
    if (d.findings.empty()) {
      cases_ += "/>\n";
      return;
    }
    cases_ += ">\n";
    std::string failing, other;
    size_t n_failing = 0;
    Severity worst = Severity::Info;
    bool read_error = false;
    for (size_t i = 0; i < d.findings.size(); ++i) {
      const Finding& f = d.findings[i];
      read_error |= f.rule == Rule::ReadError;
      const bool fails = fail_on_ != Severity::Off && f.severity >= fail_on_;
      std::string line = fmt::format("{}:{}:{}: {}: {} [{}]\n", display_file(d.file), d.locations[i].line,
                                     d.locations[i].column, to_string(f.severity), f.message, rule_info(f.rule).id);
      if (fails) {
        ++n_failing;
        worst = std::max(worst, f.severity);
        failing += line;
      } else {
        other += line;
      }
    }
    if (read_error) {
      ++errors_;
      cases_ += "      <error message=\"";
      xml_escape(cases_, d.findings.front().message);
      cases_ += "\" type=\"read-error\"/>\n";
    } else if (n_failing > 0) {
      ++failures_;
      fmt::format_to(std::back_inserter(cases_), "      <failure message=\"{} finding{} at or above {}\" type=\"{}\">",
                     n_failing, n_failing == 1 ? "" : "s", to_string(fail_on_), to_string(worst));
      xml_escape(cases_, failing);
      cases_ += "</failure>\n";
    }
    if (!other.empty()) {
      cases_ += "      <system-out>";
      xml_escape(cases_, other);
      cases_ += "</system-out>\n";
    }
    cases_ += "    </testcase>\n";
  }

  void end(const Summary&, std::string& out) override {
    out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    fmt::format_to(std::back_inserter(out),
                   "<testsuites name=\"quoth check\" tests=\"{0}\" failures=\"{1}\" errors=\"{2}\">\n"
                   "  <testsuite name=\"quoth check\" tests=\"{0}\" failures=\"{1}\" errors=\"{2}\" skipped=\"0\">\n",
                   tests_, failures_, errors_);
    out += cases_;
    out += "  </testsuite>\n</testsuites>\n";
  }

 private:
  Severity fail_on_;
  uint64_t tests_ = 0, failures_ = 0, errors_ = 0;
  std::string cases_;
};

}  // namespace

std::unique_ptr<Reporter> Reporter::create(std::string_view format, Severity fail_on, std::string& error) {
  if (format == "text") return std::make_unique<TextReporter>();
  if (format == "jsonl") return std::make_unique<JsonlReporter>();
  if (format == "github") return std::make_unique<GithubReporter>();
  if (format == "sarif") return std::make_unique<SarifReporter>();
  if (format == "junit") return std::make_unique<JunitReporter>(fail_on);
  error = fmt::format("unknown report format \"{}\" (text, jsonl, github, sarif, junit)", format);
  return nullptr;
}

}  // namespace quoth::check
