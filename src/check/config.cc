// Loading .quoth.json (see config.h).
#include "check/config.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

namespace quoth::check {

namespace {

bool read_severity(const nlohmann::json& v, std::string_view what, std::string_view name, Severity& out,
                   std::string& error) {
  if (!v.is_string() || !parse_severity(v.get<std::string>(), out)) {
    error = fmt::format("{}: {} must be one of \"error\", \"warning\", \"info\", \"off\"", name, what);
    return false;
  }
  return true;
}

bool read_count(const nlohmann::json& v, std::string_view key, std::string_view name, uint64_t& out,
                std::string& error) {
  if (!v.is_number_unsigned()) {
    error = fmt::format("{}: \"{}\" must be a non-negative integer", name, key);
    return false;
  }
  out = v.get<uint64_t>();
  return true;
}

}  // namespace

bool apply_config(std::string_view json, std::string_view name, CheckConfig& config, std::string& error) {
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based; say where as LINE:COLUMN, the way editors count.
    const size_t at = std::min<size_t>(e.byte == 0 ? 0 : e.byte - 1, json.size());
    const size_t line = 1 + static_cast<size_t>(std::count(json.begin(), json.begin() + static_cast<long>(at), '\n'));
    const size_t line_start = json.rfind('\n', at == 0 ? 0 : at - 1);
    const size_t column = line_start == std::string_view::npos || at == 0 ? at + 1 : at - line_start;
    error = fmt::format("{}:{}:{}: not valid JSON", name, line, column);
    return false;
  }
  if (!root.is_object()) {
    error = fmt::format("{}: the configuration must be a JSON object", name);
    return false;
  }
  for (const auto& [key, value] : root.items()) {
    if (key == "rules") {
      if (!value.is_object()) {
        error = fmt::format("{}: \"rules\" must be an object of rule id: severity", name);
        return false;
      }
      for (const auto& [id, setting] : value.items()) {
        Rule rule;
        if (!find_rule(id, rule)) {
          error = fmt::format("{}: unknown rule \"{}\" (see quoth check --list-rules)", name, id);
          return false;
        }
        if (rule == Rule::ReadError) {
          error = fmt::format("{}: rule \"read-error\" cannot be configured", name);
          return false;
        }
        // "rule": "warning" or "rule": {"severity": "warning"}
        const nlohmann::json* sev = &setting;
        if (setting.is_object()) {
          auto it = setting.find("severity");
          if (it == setting.end() || setting.size() != 1) {
            error = fmt::format("{}: rule \"{}\": an object setting takes exactly one key, \"severity\"", name, id);
            return false;
          }
          sev = &*it;
        }
        if (!read_severity(*sev, fmt::format("the severity of \"{}\"", id), name,
                           config.lint.severity[static_cast<size_t>(rule)], error))
          return false;
      }
    } else if (key == "fail-on") {
      Severity s;
      if (value.is_string() && value.get<std::string>() == "never") {
        config.fail_on = Severity::Off;
      } else if (value.is_string() && parse_severity(value.get<std::string>(), s) && s != Severity::Off) {
        config.fail_on = s;
      } else {
        error = fmt::format("{}: \"fail-on\" must be one of \"error\", \"warning\", \"info\", \"never\"", name);
        return false;
      }
    } else if (key == "max-doc-bytes") {
      uint64_t n;
      if (!read_count(value, key, name, n, error)) return false;
      config.max_doc_bytes = n;
    } else if (key == "max-findings-per-rule") {
      uint64_t n;
      if (!read_count(value, key, name, n, error)) return false;
      config.max_findings_per_rule = static_cast<size_t>(n);
    } else {
      error = fmt::format("{}: unknown key \"{}\" (known: rules, fail-on, max-doc-bytes, max-findings-per-rule)",
                          name, key);
      return false;
    }
  }
  return true;
}

bool load_config_file(const std::string& path, CheckConfig& config, std::string& error) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    error = fmt::format("cannot open {}: {}", path, std::strerror(errno));
    return false;
  }
  std::string text;
  char buf[8192];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  const bool failed = std::ferror(f);
  std::fclose(f);
  if (failed) {
    error = fmt::format("cannot read {}", path);
    return false;
  }
  return apply_config(text, path, config, error);
}

}  // namespace quoth::check
