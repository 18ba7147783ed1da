// Parser of the attribution rules file format (see rules_file.h and data/RULES.md).
#include "attribution/rules_file.h"

#include <fmt/format.h>

#include <algorithm>

#include "normalize/utf8.h"

namespace quoth {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Splits off the first white-space separated word of `s`.
std::string_view next_word(std::string_view& s) {
  s = trim(s);
  size_t i = 0;
  while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
  std::string_view w = s.substr(0, i);
  s = trim(s.substr(i));
  return w;
}

bool valid_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return false;
  return true;
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

}  // namespace

std::vector<std::string> inflect_regular_verb(std::string_view base) {
  std::string b(base);
  std::vector<std::string> forms{b};
  const size_t n = b.size();
  if (n == 0) return forms;
  const char last = b[n - 1];
  const bool ends_sibilant = last == 's' || last == 'x' || last == 'z' ||
                             (n >= 2 && (b.ends_with("sh") || b.ends_with("ch")));
  if (last == 'e') {
    forms.push_back(b + "s");
    forms.push_back(b + "d");
    forms.push_back(b.substr(0, n - 1) + "ing");
  } else if (last == 'y' && n >= 2 && !is_vowel(b[n - 2])) {
    forms.push_back(b.substr(0, n - 1) + "ies");
    forms.push_back(b.substr(0, n - 1) + "ied");
    forms.push_back(b + "ing");
  } else if (ends_sibilant) {
    forms.push_back(b + "es");
    forms.push_back(b + "ed");
    forms.push_back(b + "ing");
  } else {
    forms.push_back(b + "s");
    forms.push_back(b + "ed");
    forms.push_back(b + "ing");
  }
  return forms;
}

bool parse_rules(std::string_view data, std::string_view name, RuleSet& set, std::string& error) {
  // Rules are matched against UTF-8 text; a word in another encoding could never match.
  if (size_t bad = 0; !utf8::validate(data, bad)) {
    const auto line = 1 + std::count(data.begin(), data.begin() + static_cast<long>(bad), '\n');
    error = fmt::format("{}:{}: not UTF-8 (byte {} of the file)", name, line, bad);
    return false;
  }
  int line_no = 0;
  while (!data.empty()) {
    const size_t nl = data.find('\n');
    std::string_view line = data.substr(0, nl);
    data = nl == std::string_view::npos ? std::string_view{} : data.substr(nl + 1);
    ++line_no;
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    std::string_view rest = line;
    const std::string_view directive = next_word(rest);
    auto fail = [&](std::string_view message) {
      error = fmt::format("{}:{}: {}", name, line_no, message);
      return false;
    };
    if (directive == "rule" || directive == "define") {
      const std::string_view id = next_word(rest);
      if (!valid_name(id)) return fail(fmt::format("`{}` needs a name (letters, digits, _ or -)", directive));
      if (rest.empty()) return fail(fmt::format("`{} {}` has no pattern", directive, id));
      if (directive == "rule") {
        set.rules.push_back(RuleSource{std::string(id), std::string(rest), std::string(name), line_no});
      } else {
        set.macros.push_back(MacroSource{std::string(id), std::string(rest), std::string(name), line_no});
      }
    } else if (directive == "words") {
      const std::string_view id = next_word(rest);
      if (!valid_name(id)) return fail("`words` needs a list name (letters, digits, _ or -)");
      std::vector<std::string>* list = nullptr;
      for (auto& [n, words] : set.word_lists)
        if (n == id) list = &words;
      if (!list) {
        set.word_lists.emplace_back(std::string(id), std::vector<std::string>{});
        list = &set.word_lists.back().second;
      }
      // Words are separated by white space; '_' inside a word stands for a space.
      while (!rest.empty()) {
        std::string w(next_word(rest));
        for (char& c : w)
          if (c == '_') c = ' ';
        list->push_back(std::move(w));
      }
    } else if (directive == "verb") {
      if (rest.empty()) return fail("`verb` needs at least one form");
      while (!rest.empty()) set.cue_forms.emplace_back(next_word(rest));
    } else if (directive == "regular-verbs") {
      if (rest.empty()) return fail("`regular-verbs` needs at least one base form");
      while (!rest.empty())
        for (auto& f : inflect_regular_verb(next_word(rest))) set.cue_forms.push_back(std::move(f));
    } else if (directive == "class") {
      const std::string_view letter = next_word(rest);
      if (letter.size() != 1 || !((letter[0] >= 'A' && letter[0] <= 'Z') || (letter[0] >= 'a' && letter[0] <= 'z')))
        return fail("`class` needs one ASCII letter, then words");
      std::vector<std::string> words;
      while (!rest.empty()) {
        std::string w(next_word(rest));
        for (char& c : w)
          if (c == '_') c = ' ';
        words.push_back(std::move(w));
      }
      set.word_classes.emplace_back(letter[0], std::move(words));
    } else if (directive == "abbreviations") {
      while (!rest.empty()) set.abbreviations.emplace_back(next_word(rest));
    } else if (directive == "drop") {
      const std::string_view id = next_word(rest);
      if (!valid_name(id)) return fail("`drop` needs a rule name");
      set.dropped.push_back({std::string(id), std::string(name), line_no});
    } else {
      return fail(fmt::format("unknown directive `{}` (expected rule, define, words, class, verb, "
                              "regular-verbs, abbreviations or drop)",
                              directive));
    }
  }
  return true;
}

}  // namespace quoth
